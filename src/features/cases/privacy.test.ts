/**
 * Counselling cases in the student's own data: /mydata gives them their own words (never a
 * counsellor's reply or a private note, never another student's case); /forgetme deletes every
 * text of their cases and unlinks them; the daily retention job deletes the texts of cases closed
 * `privacy.retention.closed_case_text_days` ago.
 */
import { describe, expect, it } from 'vitest';
import { at, press, say, simulate, testConfig } from '../../../test/harness.js';
import { CENTRE, PEOPLE, rows, tmpDb } from './cases.fixtures.js';

const talk = [
  ...PEOPLE, say('li', '/talk 我和室友的关系越来越糟'), say('xu', '/reply C-1 愿意多说说吗？', CENTRE), say('li', '她总是半夜打电话'),
  say('xu', '/note C-1 建议调换宿舍'), say('amy', '/talk I miss home a lot'),
];

describe('counselling cases in a student\'s own data', () => {
  it('/mydata holds their own words only', async () => {
    const r = await simulate([...talk, say('li', '/mydata')]);
    const file = r.out.find((l) => l.to === 'private:li' && l.file)!.file!;
    const mine = JSON.parse(file.content) as { counselling_cases: { case: string; kind: string; your_messages: { text: string }[] }[] };
    expect(mine.counselling_cases).toEqual([expect.objectContaining({ case: 'C-1', kind: 'talk', status: 'in_contact' })]);
    expect(mine.counselling_cases[0]!.your_messages.map((m) => m.text)).toEqual(['我和室友的关系越来越糟', '她总是半夜打电话']);
    expect(file.content).not.toMatch(/愿意多说说吗|建议调换宿舍|I miss home/);
  });

  it('/forgetme deletes the texts of their cases and unlinks them; the counsellors keep only the bare case', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...talk, say('li', '/forgetme'), press('li', '确认删除')], { dbPath });
    expect(r.err).toEqual([]);
    expect(rows(dbPath, 'select id, member_id, status from cases order by id')).toEqual([{ id: 1, member_id: null, status: 'closed' }, { id: 2, member_id: 2, status: 'open' }]);
    expect(rows(dbPath, 'select case_id, author from case_messages order by id')).toEqual([{ case_id: 2, author: 'student' }]);
  });

  it('retention deletes the texts of cases closed long enough ago, and nothing else', async () => {
    const dbPath = tmpDb();
    const base = testConfig();
    const config = { ...base, privacy: { ...base.privacy, retention: { ...base.privacy.retention, closed_case_text_days: 2 } } };
    await simulate([...talk, say('xu', '/close C-1 已面谈', CENTRE), at('2026-03-04T06:00:00+08:00')], { dbPath, config });
    expect(rows(dbPath, 'select case_id, count(*) as n from case_messages group by case_id order by case_id')).toEqual([{ case_id: 1, n: 5 }, { case_id: 2, n: 1 }]); // not two days yet
    await simulate([at('2026-03-05T06:00:00+08:00')], { dbPath, config });
    expect(rows(dbPath, 'select case_id, count(*) as n from case_messages group by case_id order by case_id')).toEqual([{ case_id: 2, n: 1 }]); // C-1's texts are gone
    expect(rows(dbPath, 'select id, status, member_id from cases order by id')).toEqual([{ id: 1, status: 'closed', member_id: 1 }, { id: 2, status: 'open', member_id: 2 }]);
  });
});
