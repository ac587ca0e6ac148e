/**
 * Messages as the immediate consequence of the action being handled: to a member (their private
 * chat on a platform that is running) or to every chat bound to a department, class or the
 * management, in the recipient's language, sent when the current unit of work commits.
 * Scheduled or bulk messages (surveys, reminders, digests, announcements) go through the outbox
 * (`core/outbox.ts`), which survives crashes, paces sends and never sends one twice.
 */
import type { Locale } from './i18n.js';
import type { Outgoing, Platform, Ports, SentRef } from './message.js';
import type { SendHooks, UnitRunner } from './unit-of-work.js';

export interface PrivateTarget {
  identityId: number;
  platform: Platform;
  chatId: string;
  locale: Locale;
}

export interface BoundChat {
  platform: Platform;
  platformChatId: string;
}

export interface MessengerDeps {
  ports: Ports;
  units: UnitRunner;
  defaultLocale: Locale;
  /** Reachable private chats of a member, best first. */
  privateTargets(memberId: number): PrivateTarget[];
  boundChats(binding: 'staff' | 'class' | 'management', scope: string | null): BoundChat[];
  markUnreachable(identityId: number): void;
}

/** Renders a message for one recipient: their language, and the platform it goes to (for photo refs). */
export type Render = (locale: Locale, platform: Platform) => Outgoing;

export interface Messenger {
  /** Queues a message to the member's best reachable private chat; false when there is none. */
  toMember(memberId: number, render: Render, hooks?: SendHooks): boolean;
  /** Queues a message to every chat bound to `binding`/`scope` on a running platform; returns how many. */
  toBound(binding: 'staff' | 'class' | 'management', scope: string | null, render: Render, hooks?: SendHooks): number;
  /** Queues an edit of an earlier message (a group chat's, so in the campus language). */
  edit(ref: SentRef, render: Render): void;
}

export function createMessenger(deps: MessengerDeps): Messenger {
  function unit() {
    const u = deps.units.current();
    if (!u) throw new Error('the messenger queues messages inside a unit of work (units.run)');
    return u;
  }

  function toMember(memberId: number, render: Render, hooks: SendHooks = {}): boolean {
    const t = deps.privateTargets(memberId).find((x) => deps.ports.has(x.platform));
    if (!t) return false;
    unit().send(t.platform, t.chatId, render(t.locale, t.platform), {
      ...hooks,
      onBlocked: () => {
        deps.markUnreachable(t.identityId);
        hooks.onBlocked?.();
      },
    });
    return true;
  }

  function toBound(binding: 'staff' | 'class' | 'management', scope: string | null, render: Render, hooks: SendHooks = {}): number {
    const chats = deps.boundChats(binding, scope).filter((c) => deps.ports.has(c.platform));
    for (const c of chats) unit().send(c.platform, c.platformChatId, render(deps.defaultLocale, c.platform), hooks);
    return chats.length;
  }

  return { toMember, toBound, edit: (ref, render) => unit().edit(ref, render(deps.defaultLocale, ref.platform)) };
}
