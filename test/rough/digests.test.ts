/** Issue 13 point 7: /digest <department> honours its argument for those who may read it; a daily digest with nothing new is not posted unless configured. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, testConfig, to } from '../harness.js';

const LOGISTICS = 'group:staff-logistics';
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-digest-')), 'y.db');
const people = [
  person('li', '李华'),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('tom', 'Tom', { roles: ['staff'], department: 'logistics', locale: 'en' }),
  person('boss', '管理员', { roles: ['admin'] }),
];
const repair = [say('li', '/repair 3号楼502 热水器坏了'), press('li', '设施设备'), press('li', '跳过'), press('li', '实名提交'), press('li', '确认提交')];
const firstLine = (text: string) => text.split('\n')[0];

describe('/digest <department>', () => {
  it('gives an admin the department named, and staff only their own', async () => {
    const r = await simulate([
      ...people, ...repair,
      say('boss', '/digest 学工处'), say('boss', '/digest'), say('boss', '/digest 中心'),
      say('wang', '/digest logistics', LOGISTICS), say('wang', '/digest 学工处'), say('tom', '/digest career'),
    ]);
    expect(to(r, 'private:boss').map((l) => firstLine(l.text))).toEqual([
      '📊 学工处 日报（3月1日 08:00 – 3月2日 08:00）',
      '📊 管理周报（2月23日 08:00 – 3月2日 08:00）',
      '“中心”可以指好几个部门：counselling（心理健康教育与咨询中心）、career（就业指导中心）。请写得更具体一些，例如部门编号 counselling。',
    ]);
    expect(firstLine(to(r, LOGISTICS).at(-1)!.text)).toBe('📊 后勤保障处 日报（3月1日 08:00 – 3月2日 08:00）');
    expect(to(r, 'private:wang').at(-1)!.text).toBe('你只能查看自己部门的统计：后勤保障处。');
    expect(to(r, 'private:tom').at(-1)!.text).toBe('You can only see the figures of your own departments: Logistics Services.');
  });

  it('asked in a staff chat for another department, answers privately', async () => {
    const r = await simulate([...people, say('boss', '/digest 学工处', LOGISTICS)]);
    expect(to(r, LOGISTICS).map((l) => l.text)).toEqual(['这部分内容不适合在本群显示，我已私信回复你。']);
    expect(firstLine(to(r, 'private:boss')[0]!.text)).toBe('📊 学工处 日报（3月1日 08:00 – 3月2日 08:00）');
  });
});

describe('the daily digest', () => {
  const digestsIn = (r: Awaited<ReturnType<typeof simulate>>) => to(r, LOGISTICS).filter((l) => l.text.startsWith('📊')).map((l) => [l.at, firstLine(l.text)]);
  const rows = (dbPath: string) => openTestDatabase(dbPath, { readonly: true }).prepare(`select count(*) as n from outbox where kind = 'digest.daily'`).get();

  it('is not posted for a day with nothing new, even with tickets still open', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, ...repair, at('2026-03-05T09:00:00+08:00')], { dbPath });
    expect(digestsIn(r)).toEqual([['2026-03-03T08:30:00+08:00', '📊 后勤保障处 日报（3月2日 00:00 – 3月3日 00:00）']]);
    expect(rows(dbPath)).toEqual({ n: 1 });
  });

  it('is posted every day while tickets are open when digests.daily_if_nothing_new is set', async () => {
    const base = testConfig();
    const config = { ...base, digests: { ...base.digests, daily_if_nothing_new: true } };
    const r = await simulate([...people, ...repair, at('2026-03-05T09:00:00+08:00')], { config });
    expect(digestsIn(r).map(([when]) => when)).toEqual(['2026-03-02T08:30:00+08:00', '2026-03-03T08:30:00+08:00', '2026-03-04T08:30:00+08:00', '2026-03-05T08:30:00+08:00']);
  });
});
