/**
 * Messages as the immediate consequence of the action being handled: to a member (their private
 * chat on a platform that is running) or to every chat bound to a department, class or the
 * management, in the recipient's language. Each is a row of the outbox written in the current unit
 * of work and sent once it committed, ahead of proactive messages when the unit answers someone.
 * Scheduled or bulk messages (surveys, reminders, digests, announcements) go through the outbox
 * directly (`core/outbox.ts`): deduplicated by key, held back in quiet hours.
 */
import type { Awaitable } from './feature.js';
import type { Locale } from './i18n.js';
import type { ChatKind, Outgoing, Platform, Ports, SentRef } from './message.js';
import type { SendOptions, UnitRunner } from './unit-of-work.js';

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
  /** Reachable private chats of a member, best first (read on the unit's handle). */
  privateTargets(memberId: number): Promise<PrivateTarget[]>;
  boundChats(binding: 'staff' | 'class' | 'management', scope: string | null): Promise<BoundChat[]>;
}

/** Renders a message for one recipient: their language, and the platform it goes to (for photo refs). */
export type Render = (locale: Locale, platform: Platform) => Outgoing;

export interface Messenger {
  /**
   * Owes a message to the member's best reachable private chat (a 403 there marks it unreachable
   * and tries their other chat); false when there is none.
   */
  toMember(memberId: number, render: Render, opts?: SendOptions): Promise<boolean>;
  /** Owes a message to every chat bound to `binding`/`scope` on a running platform; returns how many. */
  toBound(binding: 'staff' | 'class' | 'management', scope: string | null, render: Render, opts?: SendOptions): Promise<number>;
  /**
   * Owes a message to the chats bound to `binding`/`scope`, or, when none is bound on a running
   * platform, privately to each of `members()` (a department's staff, the admins); returns how
   * many chats or members got it. `memberOpts` (default `opts`) are the private copies' options.
   */
  toBoundOrMembers(
    binding: 'staff' | 'management', scope: string | null, members: () => Awaitable<Iterable<number>>, render: Render, opts?: SendOptions, memberOpts?: SendOptions,
  ): Promise<number>;
  /** Owes an edit of an earlier message (a group chat's, so in the campus language). */
  edit(ref: SentRef, render: Render, opts?: SendOptions): void;
  /** Owes a message to one chat known by its platform id, in `to.locale` (e.g. the chat a sender used). */
  toChat(to: { platform: Platform; chatId: string; chatKind: ChatKind; locale: Locale }, render: Render, opts?: SendOptions): void;
}

export function createMessenger(deps: MessengerDeps): Messenger {
  function unit() {
    const u = deps.units.current();
    if (!u) throw new Error('the messenger queues messages inside a unit of work (units.run)');
    return u;
  }

  async function toMember(memberId: number, render: Render, opts: SendOptions = {}): Promise<boolean> {
    const t = (await deps.privateTargets(memberId)).find((x) => deps.ports.has(x.platform));
    if (!t) return false;
    unit().send(t.platform, t.chatId, render(t.locale, t.platform), { ...opts, locale: t.locale, chatKind: 'private', memberId, identityId: t.identityId });
    return true;
  }

  async function toBound(binding: 'staff' | 'class' | 'management', scope: string | null, render: Render, opts: SendOptions = {}): Promise<number> {
    const chats = (await deps.boundChats(binding, scope)).filter((c) => deps.ports.has(c.platform));
    const locale = deps.defaultLocale;
    for (const c of chats) unit().send(c.platform, c.platformChatId, render(locale, c.platform), { ...opts, locale, chatKind: 'group' });
    return chats.length;
  }

  async function toBoundOrMembers(
    binding: 'staff' | 'management', scope: string | null, members: () => Awaitable<Iterable<number>>, render: Render, opts: SendOptions = {}, memberOpts: SendOptions = opts,
  ): Promise<number> {
    const chats = await toBound(binding, scope, render, opts);
    if (chats > 0) return chats;
    let n = 0;
    for (const id of new Set(await members())) if (await toMember(id, render, memberOpts)) n++;
    return n;
  }

  return {
    toMember, toBound, toBoundOrMembers,
    edit: (ref, render, opts = {}) => unit().edit(ref, render(deps.defaultLocale, ref.platform), { ...opts, locale: deps.defaultLocale }),
    toChat: (to, render, opts = {}) => unit().send(to.platform, to.chatId, render(to.locale, to.platform), { ...opts, locale: to.locale, chatKind: to.chatKind }),
  };
}
