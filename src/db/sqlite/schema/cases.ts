/**
 * Counselling cases (a crisis, /talk, "talk to a counsellor"): not tickets. A case is open, then in
 * contact once a counsellor took it, then closed with a counsellor's private note; it is never
 * rejected, rated or closed for silence. Every text in these tables (messages, notes, break-glass
 * reasons) is sealed (core/sealing.ts): `key_id` says which data key, so keys can be rotated.
 */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Platform } from '../../../core/message.js';
import type { CaseKind, CaseStatus, RevealStatus } from '../../values.js';
import { members, ts } from './core.js';

export type { CaseKind, CaseStatus, RevealStatus } from '../../values.js';

export const cases = sqliteTable('cases', {
  id: integer().primaryKey({ autoIncrement: true }),
  kind: text().$type<CaseKind>().notNull(),
  status: text().$type<CaseStatus>().notNull().default('open'),
  /** The student; staff only ever see `alias` unless the student revealed themselves or a break-glass was approved. */
  memberId: integer().references(() => members.id, { onDelete: 'set null' }),
  /** What staff call the student ("匿名同学 #7F3A"). */
  alias: text().notNull(),
  revealed: integer({ mode: 'boolean' }).notNull().default(false),
  /** The counsellor in contact (who pressed "I'm on it" or answered first). */
  counsellorId: integer().references(() => members.id, { onDelete: 'set null' }),
  /** The case this one follows (the student wrote again after it closed). */
  previousId: integer(),
  openedAt: ts().notNull(),
  contactAt: ts(),
  closedAt: ts(),
  closedBy: integer(),
  updatedAt: ts().notNull(),
}, (t) => [index('cases_member_status').on(t.memberId, t.status), index('cases_status').on(t.status)]);

/** What was said in a case: by the student, by a counsellor (relayed), or a counsellor's private note (never relayed). */
export const caseMessages = sqliteTable('case_messages', {
  id: integer().primaryKey({ autoIncrement: true }),
  caseId: integer().notNull().references(() => cases.id, { onDelete: 'cascade' }),
  author: text().$type<'student' | 'counsellor' | 'note'>().notNull(),
  /** The counsellor who wrote it; null for the student's own words. */
  authorId: integer().references(() => members.id, { onDelete: 'set null' }),
  keyId: text().notNull(),
  /** The sealed text. */
  body: text().notNull(),
  createdAt: ts().notNull(),
}, (t) => [index('case_messages_case').on(t.caseId)]);

/**
 * One alert of a case: raised by a crisis signal (the student's own, a worry about someone else,
 * danger to people), sent along `chain` (who is alerted, in order, fixed when it was raised) until
 * someone acknowledges it. `step` is the last link alerted; the time to acknowledge goes to the digest.
 */
export const caseAlerts = sqliteTable('case_alerts', {
  id: integer().primaryKey({ autoIncrement: true }),
  caseId: integer().notNull().references(() => cases.id, { onDelete: 'cascade' }),
  concern: text().$type<'self' | 'other' | 'danger'>().notNull(),
  /** The student's message that raised it (its words go with each alert of the chain). */
  messageId: integer().references(() => caseMessages.id, { onDelete: 'set null' }),
  level: text().$type<'high' | 'medium'>().notNull(),
  chain: text({ mode: 'json' }).$type<{ role: 'counsellor' | 'lead' | 'management'; who?: string }[]>().notNull(),
  step: integer().notNull().default(0),
  raisedAt: ts().notNull(),
  ackedAt: ts(),
  ackedBy: integer().references(() => members.id, { onDelete: 'set null' }),
  /** The link of the chain that was alerted last when it was acknowledged. */
  ackedStep: integer(),
}, (t) => [index('case_alerts_case').on(t.caseId), index('case_alerts_raised').on(t.raisedAt)]);

/** Where a student's words were relayed to staff, so a reply to that message reaches the case. */
export const caseRelays = sqliteTable('case_relays', {
  platform: text().$type<Platform>().notNull(),
  chatId: text().notNull(),
  messageId: text().notNull(),
  caseId: integer().notNull().references(() => cases.id, { onDelete: 'cascade' }),
  createdAt: ts().notNull(),
}, (t) => [primaryKey({ columns: [t.platform, t.chatId, t.messageId] })]);

/**
 * Break-glass: a counsellor asks to learn who is behind an alias, with a reason; a second person
 * (the counselling lead or an admin) approves or refuses. Also in `audit_log`; the student is told.
 */
export const caseReveals = sqliteTable('case_reveals', {
  id: integer().primaryKey({ autoIncrement: true }),
  caseId: integer().notNull().references(() => cases.id, { onDelete: 'cascade' }),
  requestedBy: integer().notNull(),
  keyId: text().notNull(),
  /** The sealed reason. */
  reason: text().notNull(),
  status: text().$type<RevealStatus>().notNull().default('pending'),
  requestedAt: ts().notNull(),
  decidedBy: integer(),
  decidedAt: ts(),
}, (t) => [index('case_reveals_case').on(t.caseId)]);
