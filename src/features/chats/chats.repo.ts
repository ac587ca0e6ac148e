/** Queries of the chats the bot is in, on the handle of the unit they run in (core/unit-of-work.ts). */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { first, prepared, type Q } from '../../db/client.js';
import type { chats as chatsTable } from '../../db/schema.js';
import { onPostgres, tables } from '../../db/tables.js';
import type { ChatRef } from '../../core/message.js';
import { dayOf } from '../../core/time.js';

export type ChatRow = typeof chatsTable.$inferSelect;
export type Binding = NonNullable<ChatRow['binding']>;

/**
 * Read for every message. On SQLite a plain statement returning an array, mapped here by hand
 * (drizzle's row mapping cost more than the query); members.repo.test.ts checks it against drizzle.
 */
export async function findChat(q: Q, platform: ChatRef['platform'], platformChatId: string): Promise<ChatRow | undefined> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection, rows as arrays.
    const r = prepared(q, 'chats.find', (d) => d.$client.prepare(`SELECT id, platform, platform_chat_id, kind, title, binding, scope, created_at
      FROM chats WHERE platform = ? AND platform_chat_id = ?`).raw()).get(platform, platformChatId) as unknown[] | undefined;
    return r && {
      id: r[0] as number, platform: r[1] as ChatRow['platform'], platformChatId: r[2] as string, kind: r[3] as ChatRow['kind'],
      title: r[4] as string | null, binding: r[5] as ChatRow['binding'], scope: r[6] as string | null, createdAt: new Date(r[7] as number),
    };
  }
  const { chats } = tables(q);
  return first(await q.select().from(chats).where(and(eq(chats.platform, platform), eq(chats.platformChatId, platformChatId))).limit(1));
}

/** Inserts the chat if new (with an optional initial binding; a private chat is a person: the day, not the moment); returns the row. */
export async function upsertChat(q: Q, ref: ChatRef, now: Date, initial?: { binding: Binding; scope: string | null }): Promise<ChatRow> {
  const { chats } = tables(q);
  const existing = await findChat(q, ref.platform, ref.id);
  if (existing) {
    if (ref.title && ref.title !== existing.title) await q.update(chats).set({ title: ref.title }).where(eq(chats.id, existing.id));
    return existing;
  }
  const [row] = await q.insert(chats).values({
    platform: ref.platform, platformChatId: ref.id, kind: ref.kind, title: ref.title ?? null,
    binding: initial?.binding ?? null, scope: initial?.scope ?? null, createdAt: dayOf(now),
  }).returning();
  return row!;
}

export async function setBinding(q: Q, chatId: number, binding: Binding | null, scope: string | null): Promise<void> {
  const { chats } = tables(q);
  await q.update(chats).set({ binding, scope }).where(eq(chats.id, chatId));
}

export async function boundChats(q: Q, binding: Binding, scope: string | null): Promise<ChatRow[]> {
  const { chats } = tables(q);
  return await q.select().from(chats)
    .where(and(eq(chats.binding, binding), scope === null ? isNull(chats.scope) : eq(chats.scope, scope))).orderBy(asc(chats.id));
}

/** The scopes bound to `binding` (every class with a bound group), each once, in order. */
export async function boundScopes(q: Q, binding: Binding): Promise<string[]> {
  const { chats } = tables(q);
  return (await q.selectDistinct({ scope: chats.scope }).from(chats).where(eq(chats.binding, binding)).orderBy(asc(chats.scope))).flatMap((r) => (r.scope ? [r.scope] : []));
}

/** Deletes a person's private chat (its id is their platform id on Telegram): /forgetme. */
export async function deletePrivateChat(q: Q, platform: ChatRef['platform'], platformChatId: string): Promise<void> {
  const { chats } = tables(q);
  await q.delete(chats).where(and(eq(chats.platform, platform), eq(chats.platformChatId, platformChatId), eq(chats.kind, 'private')));
}
