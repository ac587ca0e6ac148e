/** Queries of announcements, on the handle of the unit they run in (core/unit-of-work.ts). */
import { desc, eq } from 'drizzle-orm';
import { first, type Q } from '../../db/client.js';
import type { announcements } from '../../db/schema.js';
import { tables } from '../../db/tables.js';

export type AnnouncementRow = typeof announcements.$inferSelect;

export async function insertAnnouncement(q: Q, v: Omit<typeof announcements.$inferInsert, 'id'>): Promise<AnnouncementRow> {
  const { announcements } = tables(q);
  const [row] = await q.insert(announcements).values(v).returning();
  return row!;
}

export async function getAnnouncement(q: Q, id: number): Promise<AnnouncementRow | undefined> {
  const { announcements } = tables(q);
  return first(await q.select().from(announcements).where(eq(announcements.id, id)).limit(1));
}

export async function updateAnnouncement(q: Q, id: number, v: Partial<Pick<AnnouncementRow, 'status' | 'groups' | 'people'>>): Promise<void> {
  const { announcements } = tables(q);
  await q.update(announcements).set(v).where(eq(announcements.id, id));
}

/** A member's announcements, newest first (drafts left out). */
export async function announcementsOf(q: Q, authorId: number, limit = 20): Promise<AnnouncementRow[]> {
  const { announcements } = tables(q);
  return (await q.select().from(announcements).where(eq(announcements.authorId, authorId)).orderBy(desc(announcements.id)).limit(limit))
    .filter((a) => a.status !== 'draft');
}

/** /forgetme: announcements stay (they were public), without their author. */
export async function forgetAuthor(q: Q, authorId: number): Promise<void> {
  const { announcements } = tables(q);
  await q.update(announcements).set({ authorId: null }).where(eq(announcements.authorId, authorId));
}
