/** Shared pieces of the counselling tests: the people of the counselling centre, a database to read. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { person, type SimResult } from '../../../test/harness.js';
import { queryAt } from '../../../test/pg/app-store.js';

export const CENTRE = 'group:staff-counselling';
export const MANAGEMENT = 'group:management';
export const SECURITY = 'group:staff-security';

/** A student, an English-speaking one, the counsellors of the demo rota (xu weekdays, he weekends and nights), the head of counselling, an admin. */
export const PEOPLE = [
  person('li', '李华', { groups: ['class-2301'] }),
  person('amy', 'Amy Chen', { locale: 'en' }),
  person('xu', '徐老师', { roles: ['staff'], department: 'counselling' }),
  person('he', '何老师', { roles: ['staff'], department: 'counselling' }),
  person('lin', '林主任', { roles: ['lead'], department: 'counselling' }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('zhou', '周老师', { roles: ['staff'], department: 'security' }),
  person('boss', '管理员', { roles: ['admin'] }),
];

export const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-cases-')), 'y.db');

/** Rows of a query on the database a simulation left at `dbPath` (PostgreSQL's under npm run test:pg). */
export const rows = (dbPath: string, sql: string): Record<string, unknown>[] => queryAt(dbPath, sql);

/** Texts sent to one chat, in order. */
export const texts = (r: SimResult, chat: string) => r.out.filter((l) => l.to === chat).map((l) => l.text);
