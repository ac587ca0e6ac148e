/**
 * Chats the bot is in and what they are bound to. On the local platform (console, simulator) a
 * group binds itself by its name: `group:staff-logistics` is logistics' staff chat,
 * `group:management` the management chat, any other `group:<key>` the class group <key>.
 */
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { ChatRef } from '../../core/message.js';
import { writeAudit } from '../../core/audit.repo.js';
import { boundChats, findChat, setBinding, upsertChat, type Binding, type ChatRow } from './chats.repo.js';

export function createChatsService(deps: { db: Db; config: Config }) {
  const { db, config } = deps;

  function localBinding(ref: ChatRef): { binding: Binding; scope: string | null } | undefined {
    if (ref.platform !== 'local' || ref.kind !== 'group') return undefined;
    const key = ref.id.replace(/^group:/, '');
    const dept = config.departments.find((d) => d.staff_chat === key);
    if (dept) return { binding: 'staff', scope: dept.id };
    if (key === config.management_chat) return { binding: 'management', scope: null };
    return { binding: 'class', scope: key };
  }

  /** The chat's row, created on first contact. */
  function ensure(ref: ChatRef, now: Date): ChatRow {
    return upsertChat(db, ref, now, localBinding(ref));
  }

  /** Creates the local staff and management chats so the console and simulator can post to them. */
  function seedLocal(now: Date): void {
    const keys = [...config.departments.map((d) => d.staff_chat), config.management_chat];
    db.transaction(() => {
      for (const key of keys) ensure({ platform: 'local', id: `group:${key}`, kind: 'group' }, now);
    });
  }

  /** Binds a chat (admin or rep action); audited. */
  function bind(chat: ChatRow, binding: Binding | null, scope: string | null, actorMemberId: number, now: Date): void {
    db.transaction((tx) => {
      setBinding(tx, chat.id, binding, scope);
      writeAudit(tx, { actorMemberId, action: binding ? 'chat.bind' : 'chat.unbind', target: `${chat.platform}:${chat.platformChatId}`, detail: { binding, scope } }, now);
    });
  }

  return {
    ensure,
    seedLocal,
    bind,
    bound: (binding: Binding, scope: string | null) => boundChats(db, binding, scope),
    find: (platform: ChatRef['platform'], platformChatId: string) => findChat(db, platform, platformChatId),
  };
}

export type ChatsService = ReturnType<typeof createChatsService>;
