/** Role and scope checks. Everyone is a student; lead implies staff of the same department. */
import type { Role } from '../config.js';

export type GrantRole = Exclude<Role, 'student'>;
export interface Grant {
  role: GrantRole;
  /** Department id (staff, lead), class key (rep) or "*" (admin). */
  scope: string;
}

export interface RoleSet {
  readonly grants: readonly Grant[];
  readonly isAdmin: boolean;
  /** Whether the member holds `role`, in `scope` when one is given. Admins hold every role. */
  has(role: Role, scope?: string): boolean;
  /** Departments the member works in (staff or lead). */
  departments(): string[];
  /** Class groups the member represents. */
  repGroups(): string[];
  /** Role names held, most powerful last, for display. */
  names(): Role[];
}

const ORDER: Role[] = ['student', 'rep', 'staff', 'lead', 'admin'];

// Built for every message: methods rather than arrow properties, which tsx (esbuild keepNames)
// would wrap in a name-setting call each time.
export function roleSet(grants: readonly Grant[]): RoleSet {
  const isAdmin = grants.some((g) => g.role === 'admin');
  return {
    grants,
    isAdmin,
    has(role, scope) {
      if (role === 'student' || isAdmin) return true;
      if (role === 'staff') return holds(grants, 'staff', scope) || holds(grants, 'lead', scope);
      return holds(grants, role, scope);
    },
    departments() {
      return unique(grants.filter((g) => g.role === 'staff' || g.role === 'lead').map((g) => g.scope));
    },
    repGroups() {
      return unique(grants.filter((g) => g.role === 'rep').map((g) => g.scope));
    },
    names() {
      return ORDER.filter((r) => r === 'student' || grants.some((g) => g.role === r || (r === 'staff' && g.role === 'lead')));
    },
  };
}

function holds(grants: readonly Grant[], role: GrantRole, scope?: string): boolean {
  return grants.some((g) => g.role === role && (scope === undefined || g.scope === scope));
}

/** A chat's binding: a department's staff chat, a class group, the management chat. */
export type ChatBinding = 'staff' | 'class' | 'management';

/**
 * Whom a chat's own commands are for: a holder of its binding's role there (a staff chat's staff,
 * a class group's rep, the management chat's admin); in an unbound chat, anyone. What a chat
 * offers depends on the chat, never on who asks (Telegram's chat menus, /help in a group).
 */
export function chatHolder(binding: ChatBinding | null, scope: string | null): RoleSet {
  if (binding === 'staff') return roleSet([{ role: 'staff', scope: scope ?? '' }]);
  if (binding === 'class') return roleSet([{ role: 'rep', scope: scope ?? '' }]);
  return roleSet(binding === 'management' ? [{ role: 'admin', scope: '*' }] : []);
}

/** Whether someone with `roles` may use a command open to `allowed` (undefined = everyone). */
export function mayUse(roles: RoleSet, allowed: readonly Role[] | undefined): boolean {
  return !allowed || allowed.some((r) => roles.has(r));
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
