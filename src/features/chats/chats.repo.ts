import { and, eq, isNull } from 'drizzle-orm';
import { prepared, type Db, type Q } from '../../db/client.js';
import { chats } from '../../db/schema.js';
import type { ChatRef } from '../../core/message.js';
import { dayOf } from '../../core/time.js';

export type ChatRow = typeof chats.$inferSelect;
export type Binding = NonNullable<ChatRow['binding']>;

/**
 * Read for every message, so a plain SQLite statement returning an array, mapped here by hand
 * (drizzle's row mapping cost more than the query); members.repo.test.ts checks it against drizzle.
 */
export function findChat(db: Db, platform: ChatRef['platform'], platformChatId: string): ChatRow | undefined {
  const r = prepared(db, 'chats.find', (d) => d.$client.prepare(`SELECT id, platform, platform_chat_id, kind, title, binding, scope, created_at
    FROM chats WHERE platform = ? AND platform_chat_id = ?`).raw()).get(platform, platformChatId) as unknown[] | undefined;
  return r && {
    id: r[0] as number, platform: r[1] as ChatRow['platform'], platformChatId: r[2] as string, kind: r[3] as ChatRow['kind'],
    title: r[4] as string | null, binding: r[5] as ChatRow['binding'], scope: r[6] as string | null, createdAt: new Date(r[7] as number),
  };
}

/** Inserts the chat if new (with an optional initial binding; a private chat is a person: the day, not the moment); returns the row. */
export function upsertChat(q: Db, ref: ChatRef, now: Date, initial?: { binding: Binding; scope: string | null }): ChatRow {
  const existing = findChat(q, ref.platform, ref.id);
  if (existing) {
    if (ref.title && ref.title !== existing.title) q.update(chats).set({ title: ref.title }).where(eq(chats.id, existing.id)).run();
    return existing;
  }
  return q.insert(chats).values({
    platform: ref.platform, platformChatId: ref.id, kind: ref.kind, title: ref.title ?? null,
    binding: initial?.binding ?? null, scope: initial?.scope ?? null, createdAt: dayOf(now),
  }).returning().get();
}

export function setBinding(q: Q, chatId: number, binding: Binding | null, scope: string | null): void {
  q.update(chats).set({ binding, scope }).where(eq(chats.id, chatId)).run();
}

export function boundChats(q: Q, binding: Binding, scope: string | null): ChatRow[] {
  return q.select().from(chats)
    .where(and(eq(chats.binding, binding), scope === null ? isNull(chats.scope) : eq(chats.scope, scope))).all();
}

/** The scopes bound to `binding` (every class with a bound group), each once. */
export function boundScopes(q: Q, binding: Binding): string[] {
  return q.selectDistinct({ scope: chats.scope }).from(chats).where(eq(chats.binding, binding)).all().flatMap((r) => (r.scope ? [r.scope] : []));
}

/** Deletes a person's private chat (its id is their platform id on Telegram): /forgetme. */
export function deletePrivateChat(q: Q, platform: ChatRef['platform'], platformChatId: string): void {
  q.delete(chats).where(and(eq(chats.platform, platform), eq(chats.platformChatId, platformChatId), eq(chats.kind, 'private'))).run();
}
