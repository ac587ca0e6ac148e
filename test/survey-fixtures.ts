/** Shared pieces of the survey tests: a weekly survey, a config carrying it, a database to read. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSurvey, type SurveyDef } from '../src/features/surveys/surveys.schema.js';
import { testConfig } from './harness.js';
import { queryAt } from './pg/app-store.js';

const both = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** Every Monday 09:00, open 3 days, reminders 24 h after opening and 6 h before closing. */
export const WEEKLY = {
  id: 'weekly',
  title: both('每周小调查', 'Weekly check-in'),
  audience: 'students',
  schedule: '0 9 * * 1',
  open_for: '3d',
  reminders: { after: ['24h'], before_close: ['6h'] },
  questions: [
    { id: 'canteen', type: 'choice', text: both('这周常去哪个食堂？', 'Which canteen this week?'), options: [{ id: 'c1', text: both('一食堂', 'Canteen 1') }, { id: 'c2', text: both('二食堂', 'Canteen 2') }] },
    { id: 'mood', type: 'rating', text: both('这周过得怎么样？', 'How was your week?') },
    { id: 'nps', type: 'nps', text: both('你会推荐一站给同学吗？', 'Would you recommend Yizhan?') },
  ],
};

export function def(raw: Record<string, unknown>): SurveyDef {
  const r = checkSurvey(raw);
  if ('problems' in r) throw new Error(r.problems.join('; '));
  return r.survey;
}

/** The demo campus with these surveys instead of the files in config/surveys. */
export function configWith(...surveys: Record<string, unknown>[]) {
  return { ...testConfig(), surveys: surveys.map(def) };
}

export function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'yizhan-survey-')), 'y.db');
}

/** Runs one SQL query on the database a simulation left behind. */
export const query = queryAt;
