/**
 * Direct messages outside a reply: to a member (their private chat on a platform that is running)
 * or to every chat bound to a department, class or the management, in the recipient's language.
 * They are sent at once and not recorded: use them only as the immediate consequence of the
 * action being handled ("you were granted staff"). Scheduled or bulk messages (surveys,
 * reminders, follow-ups, digests, announcements) go through the outbox (`core/outbox.ts`:
 * `outbox.toMember(tx, ...)`, `outbox.toBound(tx, ...)`), which survives crashes, paces sends
 * and never sends one twice.
 */
import type { Logger } from 'pino';
import type { Locale } from './i18n';
import { DeliveryError, type Outgoing, type Platform, type Ports, type SentRef } from './message';

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
  log: Logger;
  defaultLocale: Locale;
  /** Reachable private chats of a member, best first. */
  privateTargets(memberId: number): PrivateTarget[];
  boundChats(binding: 'staff' | 'class' | 'management', scope: string | null): BoundChat[];
  markUnreachable(identityId: number): void;
}

export type Render = (locale: Locale) => Outgoing;

export interface Messenger {
  /** Sends to the member's best reachable private chat; null when none could be reached. */
  toMember(memberId: number, render: Render): Promise<SentRef | null>;
  /** Sends to every chat bound to `binding`/`scope` on a running platform. */
  toBound(binding: 'staff' | 'class' | 'management', scope: string | null, render: Render): Promise<SentRef[]>;
}

export function createMessenger(deps: MessengerDeps): Messenger {
  async function toMember(memberId: number, render: Render): Promise<SentRef | null> {
    for (const t of deps.privateTargets(memberId)) {
      const port = deps.ports.get(t.platform);
      if (!port) continue;
      try {
        return await port.send(t.chatId, render(t.locale));
      } catch (err) {
        if (!(err instanceof DeliveryError) || err.reason !== 'blocked') throw err;
        deps.markUnreachable(t.identityId);
      }
    }
    return null;
  }

  async function toBound(binding: 'staff' | 'class' | 'management', scope: string | null, render: Render) {
    const sent: SentRef[] = [];
    for (const c of deps.boundChats(binding, scope)) {
      const port = deps.ports.get(c.platform);
      if (!port) continue;
      try {
        sent.push(await port.send(c.platformChatId, render(deps.defaultLocale)));
      } catch (err) {
        deps.log.warn({ err, binding, scope, platform: c.platform }, 'could not post to a bound chat');
      }
    }
    return sent;
  }

  return { toMember, toBound };
}
