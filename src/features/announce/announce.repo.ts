/** Drizzle queries of announcements. Synchronous. */
import { and, desc, eq } from 'drizzle-orm';
import type { Q } from '../../db/client.js';
import { announcements } from '../../db/schema.js';

export type AnnouncementRow = typeof announcements.$inferSelect;

export function insertAnnouncement(q: Q, v: Omit<typeof announcements.$inferInsert, 'id'>): AnnouncementRow {
  return q.insert(announcements).values(v).returning().get();
}

export function getAnnouncement(q: Q, id: number): AnnouncementRow | undefined {
  return q.select().from(announcements).where(eq(announcements.id, id)).get();
}

export function updateAnnouncement(q: Q, id: number, v: Partial<Pick<AnnouncementRow, 'status' | 'groups' | 'people'>>): void {
  q.update(announcements).set(v).where(eq(announcements.id, id)).run();
}

/** A member's announcements, newest first (drafts left out). */
export function announcementsOf(q: Q, authorId: number, limit = 20): AnnouncementRow[] {
  return q.select().from(announcements).where(and(eq(announcements.authorId, authorId))).orderBy(desc(announcements.id)).limit(limit).all()
    .filter((a) => a.status !== 'draft');
}

/** /forgetme: announcements stay (they were public), without their author. */
export function forgetAuthor(q: Q, authorId: number): void {
  q.update(announcements).set({ authorId: null }).where(eq(announcements.authorId, authorId)).run();
}
