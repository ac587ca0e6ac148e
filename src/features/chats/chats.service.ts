/**
 * Chats the bot is in and what they are bound to. On the local platform (console, simulator) a
 * group binds itself by its name: `group:staff-logistics` is logistics' staff chat,
 * `group:management` the management chat, any other `group:<key>` the class group <key>.
 */
import type { Config } from '../../config.js';
import type { Q } from '../../db/client.js';
import type { ChatRef } from '../../core/message.js';
import { writeAudit } from '../../core/audit.repo.js';
import { AppError } from '../../core/errors.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { RoleSet } from '../../core/roles.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { chatsMessages } from './chats.messages.js';
import { boundChats, boundScopes, deletePrivateChat, findChat, setBinding, upsertChat, type Binding, type ChatRow } from './chats.repo.js';

/** What a group is to be bound to; `binding` null unbinds it. */
export interface BindTarget {
  binding: Binding | null;
  scope: string | null;
}

const refuse = (code: string, render: (l: Locale) => string) => new AppError(code, render);
const m = (l: Locale) => tr(chatsMessages, l);

/** Only an admin changes a staff or management chat; a class group, also a rep of that class. */
function refuseLeaving(chat: ChatRow, roles: RoleSet): void {
  if (roles.isAdmin || !chat.binding) return;
  if (chat.binding === 'class' && chat.scope && roles.has('rep', chat.scope)) return;
  if (chat.binding === 'class') throw refuse('chats.bound_class', (l) => m(l).boundToClass({ group: chat.scope ?? '' }));
  throw refuse('chats.bound_staff', (l) => m(l).boundToStaff);
}

/** Only an admin makes a group a staff or the management chat; a class group, also a rep of that class. */
function refuseSetting(target: BindTarget, roles: RoleSet): void {
  if (roles.isAdmin || !target.binding) return;
  if (target.binding !== 'class') throw refuse('chats.admin_only', (l) => m(l).adminOnly);
  if (!target.scope || !roles.has('rep', target.scope)) throw refuse('chats.rep_only', (l) => m(l).repOnly({ group: target.scope ?? '' }));
}

export function createChatsService(deps: { units: UnitRunner; config: Config }) {
  const { units, config } = deps;

  function localBinding(ref: ChatRef): { binding: Binding; scope: string | null } | undefined {
    if (ref.platform !== 'local' || ref.kind !== 'group') return undefined;
    const key = ref.id.replace(/^group:/, '');
    const dept = config.departments.find((d) => d.staff_chat === key);
    if (dept) return { binding: 'staff', scope: dept.id };
    if (key === config.management_chat) return { binding: 'management', scope: null };
    return { binding: 'class', scope: key };
  }

  /** The chat's row, created on first contact: in the caller's unit (identify), else in a unit of its own (an adapter). */
  function ensure(ref: ChatRef, now: Date): Promise<ChatRow> {
    if (units.current()) return upsertChat(units.q(), ref, now, localBinding(ref));
    return units.atomic((q) => upsertChat(q, ref, now, localBinding(ref)));
  }

  /** Creates the local staff and management chats so the console and simulator can post to them. */
  async function seedLocal(now: Date): Promise<void> {
    const keys = [...config.departments.map((d) => d.staff_chat), config.management_chat];
    await units.atomic(async () => {
      for (const key of keys) await ensure({ platform: 'local', id: `group:${key}`, kind: 'group' }, now);
    });
  }

  /**
   * Sets what a group is for (`binding` null unbinds it), checked and audited. Who may: a group
   * bound to a department's staff or to management is changed (rebound or unbound) only by an
   * admin; a class group by an admin or a rep of that class. The new binding: staff and management
   * only by an admin, a class by an admin or a rep of that class.
   */
  async function bind(chat: ChatRow, target: BindTarget, actor: { memberId: number; roles: RoleSet }, now: Date): Promise<void> {
    refuseLeaving(chat, actor.roles);
    refuseSetting(target, actor.roles);
    await units.atomic(async (tx) => {
      await setBinding(tx, chat.id, target.binding, target.scope);
      await writeAudit(tx, { actorMemberId: actor.memberId, action: target.binding ? 'chat.bind' : 'chat.unbind', target: `${chat.platform}:${chat.platformChatId}`, detail: { binding: target.binding, scope: target.scope } }, now);
    });
  }

  return {
    ensure,
    seedLocal,
    bind,
    bound: (binding: Binding, scope: string | null) => units.read((q) => boundChats(q, binding, scope)),
    /** Every class that has a bound class group. */
    classes: () => units.read((q) => boundScopes(q, 'class')),
    find: (platform: ChatRef['platform'], platformChatId: string) => units.read((q) => findChat(q, platform, platformChatId)),
    /** Deletes a person's private chat row (/forgetme). */
    forgetPrivate: (q: Q, platform: ChatRef['platform'], platformChatId: string) => deletePrivateChat(q, platform, platformChatId),
  };
}

export type ChatsService = ReturnType<typeof createChatsService>;
