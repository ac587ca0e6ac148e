/**
 * Who administers a Telegram group, for `Incoming.fromChatAdmin`: getChatAdministrators, kept for
 * a few minutes per chat, so a burst of votes or commands in one group costs one call. When
 * Telegram cannot say (an error, a network problem), the sender is not treated as an admin and the
 * answer is not kept, so the next message asks again.
 */
import type { Api } from 'grammy';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';

/** How long a chat's list of admins is trusted (a demoted admin keeps the right this long at most). */
export const ADMINS_TTL_MS = 5 * 60_000;

export interface ChatAdmins {
  /** Whether `userId` is the creator or an administrator of group `chatId`; undefined when unknown. */
  isAdmin(chatId: string, userId: string): Promise<boolean | undefined>;
}

export function createChatAdmins(deps: { api: Api; clock: Clock; log: Logger }): ChatAdmins {
  const cache = new Map<string, { ids: Set<string>; at: number }>();

  async function admins(chatId: string): Promise<Set<string> | undefined> {
    const now = deps.clock.now().getTime();
    const hit = cache.get(chatId);
    if (hit && now - hit.at < ADMINS_TTL_MS) return hit.ids;
    try {
      const list = await deps.api.getChatAdministrators(chatId);
      const ids = new Set(list.map((m) => String(m.user.id)));
      if (cache.size > 5000) cache.clear();
      cache.set(chatId, { ids, at: now });
      return ids;
    } catch (err) {
      deps.log.debug({ err }, 'getChatAdministrators failed');
      return undefined;
    }
  }

  return {
    async isAdmin(chatId, userId) {
      return (await admins(chatId))?.has(userId);
    },
  };
}
