/**
 * What a handler answers a message through (`Ctx`): its replies, edits and notices become the
 * unit's owed messages, in the chat it came from or the sender's private chat.
 */
import { coreMessages } from './core.messages.js';
import type { ChatView, Ctx, LaterReply, MemberView } from './feature.js';
import { createFlowControl } from './flow-control.js';
import { tr, type Locale } from './i18n.js';
import { toOutgoing, type Incoming, type Outgoing, type SentRef } from './message.js';
import type { RoleSet } from './roles.js';
import type { SendOptions, Unit } from './unit-of-work.js';

/** Who sent a message, as the members service resolves it (registering them on first contact). */
export interface Identified {
  member: MemberView;
  locale: Locale;
  roles: RoleSet;
  chat: ChatView;
  /** Where this member's private chat on this platform is, if known. */
  privateChatId: string | null;
  /** The sender's identity on this platform (a 403 in their private chat marks it unreachable). */
  identityId: number;
}

/**
 * The context a message's handler answers through, in the message's unit: replies are outbox rows
 * of the unit (core/unit-of-work.ts); a pressed message its handler edits is added to `edited`.
 */
export function messageCtx(unit: Unit, msg: Incoming, who: Identified, now: Date, edited: WeakSet<SentRef>): Ctx {
  const { platform, id } = msg.chat;
  // Replies are outbox rows answering this member; in their private chat a 403 marks their
  // identity unreachable. (No member id: the unit may merge this member into another one, see /link.)
  unit.answering({ platform, chatId: id, locale: who.locale });
  const answer = { kind: 'reply', locale: who.locale } as const;
  const here = msg.chat.kind === 'private' ? { ...answer, chatKind: 'private', identityId: who.identityId } as const : { ...answer, chatKind: 'group' } as const;
  const toPrivate = (out: Outgoing | string, opts: SendOptions = {}) =>
    unit.send(platform, who.privateChatId!, toOutgoing(out), { ...opts, ...answer, chatKind: 'private', identityId: who.identityId });
  const privateLater: LaterReply = { platform, chatId: who.privateChatId ?? '', chatKind: 'private', locale: who.locale };
  let answersPrivately: Ctx | undefined;
  const ctx: Ctx = {
    msg, now, member: who.member, locale: who.locale, roles: who.roles, chat: who.chat,
    flow: createFlowControl(unit.q, who.member.id, now),
    inPrivate: msg.chat.kind === 'private',
    // Methods, not arrow properties: tsx (esbuild keepNames) would wrap each in a name-setting call.
    reply(out, opts) {
      unit.send(platform, id, toOutgoing(out), { ...opts, ...here });
    },
    edit(ref, out, opts) {
      if (ref === msg.pressedMessage) edited.add(ref);
      unit.edit(ref, toOutgoing(out), { ...opts, locale: who.locale });
    },
    replyPrivately(out, opts) {
      if (!who.privateChatId) return false;
      toPrivate(out, opts);
      return true;
    },
    notice(text) {
      if (msg.press) msg.notice = text;
      else unit.send(platform, id, { text }, here);
    },
    replyLater: () => ({ platform, chatId: id, chatKind: here.chatKind, locale: who.locale }),
    privately() {
      if (ctx.inPrivate) return ctx;
      if (!who.privateChatId) return undefined;
      const point = () => unit.send(platform, id, { text: tr(coreMessages, who.locale).answeredPrivately }, here);
      answersPrivately ??= privateCtx(ctx, toPrivate, privateLater, point);
      return answersPrivately;
    },
  };
  return ctx;
}

/** `ctx` answering in the member's private chat; the group gets `point` once, after the first answer. */
function privateCtx(ctx: Ctx, toPrivate: (out: Outgoing | string, opts?: SendOptions) => void, later: LaterReply, point: () => void): Ctx {
  let pointed = false;
  const pointOnce = () => {
    if (!pointed) point();
    pointed = true;
  };
  const send = (out: Outgoing | string, opts?: SendOptions) => {
    toPrivate(out, opts);
    pointOnce();
  };
  const p: Ctx = {
    ...ctx,
    inPrivate: true,
    reply(out, opts) {
      send(out, opts);
    },
    replyPrivately(out, opts) {
      send(out, opts);
      return true;
    },
    notice(text) {
      if (ctx.msg.press) ctx.notice(text); // a press's notice is the member's own already
      else send(text);
    },
    replyLater() {
      pointOnce();
      return later;
    },
    privately() {
      return p;
    },
  };
  return p;
}
