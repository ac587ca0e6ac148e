import { and, eq, isNull, sql } from 'drizzle-orm';
import { prepared, type Db, type Q } from '../../db/client';
import { chats } from '../../db/schema';
import type { ChatRef } from '../../core/message';

export type ChatRow = typeof chats.$inferSelect;
export type Binding = NonNullable<ChatRow['binding']>;

export function findChat(db: Db, platform: ChatRef['platform'], platformChatId: string): ChatRow | undefined {
  return prepared(db, 'chats.find', (d) => d.select().from(chats)
    .where(and(eq(chats.platform, sql.placeholder('platform')), eq(chats.platformChatId, sql.placeholder('id')))).prepare())
    .get({ platform, id: platformChatId });
}

/** Inserts the chat if new (with an optional initial binding); returns the row. */
export function upsertChat(q: Db, ref: ChatRef, now: Date, initial?: { binding: Binding; scope: string | null }): ChatRow {
  const existing = findChat(q, ref.platform, ref.id);
  if (existing) {
    if (ref.title && ref.title !== existing.title) q.update(chats).set({ title: ref.title }).where(eq(chats.id, existing.id)).run();
    return existing;
  }
  return q.insert(chats).values({
    platform: ref.platform, platformChatId: ref.id, kind: ref.kind, title: ref.title ?? null,
    binding: initial?.binding ?? null, scope: initial?.scope ?? null, createdAt: now,
  }).returning().get();
}

export function setBinding(q: Q, chatId: number, binding: Binding | null, scope: string | null): void {
  q.update(chats).set({ binding, scope }).where(eq(chats.id, chatId)).run();
}

export function boundChats(q: Q, binding: Binding, scope: string | null): ChatRow[] {
  return q.select().from(chats)
    .where(and(eq(chats.binding, binding), scope === null ? isNull(chats.scope) : eq(chats.scope, scope))).all();
}
