import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { createUnitRunner } from '../../core/unit-of-work.js';
import { members, tickets } from '../../db/schema.js';
import { at, memoryLogger, person, press, say, simulate, testConfig, to } from '../../../test/harness.js';
import { createDigestService } from './digests.service.js';

const H = 3_600_000;
const day = (d: number, h = 0) => new Date(Date.UTC(2026, 2, d, h - 8)); // campus time (UTC+8)

function seeded() {
  const db = openDb(':memory:');
  db.insert(members).values({ name: 's', platformLocale: null, createdAt: day(1) }).run();
  let n = 0;
  const add = (v: Partial<typeof tickets.$inferInsert> & { createdAt: Date }) => db.insert(tickets).values({
    kind: 'repair', category: 'facilities', departmentId: 'logistics', description: `t${++n}`, reporterId: 1, alias: 'AAAA',
    firstResponseDue: new Date(v.createdAt.getTime() + 4 * H), resolutionDue: new Date(v.createdAt.getTime() + 48 * H), updatedAt: v.createdAt, ...v,
  }).run();
  // March 2 (the digest day): three new logistics tickets, one career ticket.
  add({ createdAt: day(2, 9), building: '3号楼', firstRespondedAt: day(2, 10), resolvedAt: day(2, 15), status: 'closed', closedAt: day(2, 16), rating: 5 });
  add({ createdAt: day(2, 10), building: '3号楼', firstRespondedAt: day(2, 13), resolvedAt: day(2, 20), status: 'closed', closedAt: day(2, 21), rating: 3 });
  add({ createdAt: day(2, 11), building: '7号楼', category: 'life_services' });
  add({ createdAt: day(2, 12), departmentId: 'career', category: 'career', kind: 'question' });
  // March 1 (the day before): one, resolved after 10 h, first response after 2 h.
  add({ createdAt: day(1, 8), firstRespondedAt: day(1, 10), resolvedAt: day(1, 18), status: 'resolved' });
  // Older and still open, overdue.
  add({ createdAt: day(1, 0), status: 'in_progress' });
  return db;
}

describe('digest figures', () => {
  it('match the rows: counts, medians, satisfaction, tops, and the day before', async () => {
    const db = seeded();
    const units = createUnitRunner({ db, log: memoryLogger([]) });
    const service = createDigestService({ units, config: testConfig(), sections: () => [] });
    const f = await units.run(() => service.figures('logistics', { from: day(2), to: day(3) }));
    expect(f).toEqual({
      created: 3, resolved: 2, open: 2, overdue: 2,
      firstResponseMs: 2 * H, // medians of 1 h and 3 h
      resolutionMs: 8 * H, // 6 h and 10 h
      satisfaction: { mean: 4, count: 2 },
      topCategories: [{ value: 'facilities', n: 2 }, { value: 'life_services', n: 1 }],
      topBuildings: [{ value: '3号楼', n: 2 }, { value: '7号楼', n: 1 }],
    });
    expect((await units.run(() => service.figures(null, { from: day(2), to: day(3) }))).created).toBe(4);
    const text = (await units.run(() => service.daily('logistics', { from: day(2), to: day(3) })))('zh-CN');
    expect(text.split('\n')).toEqual([
      '📊 后勤保障处 日报（3月2日 00:00 – 3月3日 00:00）',
      '新工单 3（上期 2）',
      '已解决 2（上期 1）',
      '未结 2，其中逾期 2',
      '首次响应中位数 2.0 小时（上期 2.0 小时）',
      '解决用时中位数 8.0 小时（上期 10.0 小时）',
      '满意度 4.0/5（2 份评价；上期 —）',
      '主要类别：设施设备 2、生活服务 1',
      '主要楼栋：3号楼 2、7号楼 1',
    ]);
    const weekly = (await units.run(() => service.weekly({ from: day(2), to: day(3) })))('en');
    expect(weekly).toContain('By department:\nStudent Affairs Office: new 0 | resolved 0');
    expect(weekly).toContain('Career Centre: new 1 | resolved 0 | open 1 (overdue 1)');
  });
});

describe('scheduled digests', () => {
  const people = [person('li', '李华'), person('wang', '王老师', { roles: ['staff'], department: 'logistics' }), person('boss', '管理员', { roles: ['admin'] })];
  const repair = [say('li', '/repair'), press('li', '设施设备'), say('li', '3号楼502 灯不亮'), press('li', '跳过'), press('li', '实名提交'), press('li', '确认提交')];

  it('posts the daily digest of a day with news to each staff chat at 08:30 and the weekly one to management on Monday', async () => {
    const r = await simulate([...people, ...repair, at('2026-03-09T09:30:00+08:00')]);
    const daily = to(r, 'group:staff-logistics').filter((l) => l.text.startsWith('📊'));
    expect(daily.map((l) => l.at)).toEqual(['2026-03-03T08:30:00+08:00']); // the other days had nothing new
    expect(daily[0]!.text).toContain('新工单 1（上期 0）');
    const weekly = to(r, 'group:management').filter((l) => l.text.startsWith('📊'));
    expect(weekly.map((l) => [l.at, l.text.split('\n')[0]])).toEqual([
      ['2026-03-02T09:00:00+08:00', '📊 管理周报（2月23日 00:00 – 3月2日 00:00）'],
      ['2026-03-09T09:00:00+08:00', '📊 管理周报（3月2日 00:00 – 3月9日 00:00）'],
    ]);
    expect(weekly[1]!.text).toContain('后勤保障处：新 1｜解决 0｜未结 1（逾期 1）');
  });

  it('waits for the end of quiet hours when the cron falls inside them', async () => {
    const config = testConfig();
    config.digests.daily_cron = '0 23 * * *';
    const r = await simulate([...people, ...repair, at('2026-03-04T09:00:00+08:00')], { config });
    expect(to(r, 'group:staff-logistics').filter((l) => l.text.startsWith('📊')).map((l) => l.at)).toEqual(['2026-03-04T07:30:00+08:00']);
    expect(to(r, 'group:staff-career')).toEqual([]); // nothing happened there: no digest
  });

  it('answers /digest on demand: staff for their department, admins for all, students not at all', async () => {
    const r = await simulate([...people, at('2026-03-02T09:00:00+08:00'), ...repair, say('wang', '/digest'), say('boss', '/digest'), say('li', '/digest')]);
    expect(to(r, 'private:wang').at(-1)!.text).toMatch(/^📊 后勤保障处 日报（3月1日 09:00 – 3月2日 09:00）\n新工单 1/);
    expect(to(r, 'private:boss').at(-1)!.text).toMatch(/^📊 管理周报[\s\S]*各部门：\n学工处：/);
    expect(to(r, 'private:li').at(-1)!.text).toMatch(/只对有相应权限/);
  });
});

describe('survey results in the management digest', () => {
  it('lists each run of the week with its response rate', async () => {
    const r = await simulate([
      person('boss', '管理员', { roles: ['admin'] }), person('a', 'A'), person('b', 'B'),
      say('boss', '/survey send semester-satisfaction'), press('boss', '确认发送'),
      at('2026-03-09T09:30:00+08:00'),
    ]);
    const weekly = to(r, 'group:management').find((l) => l.at === '2026-03-09T09:00:00+08:00')!;
    expect(weekly.text).toContain('\n问卷：\n「学期满意度调查」（#1）完成 0/2（0%）｜评分均值 —｜NPS —\n');
  });
});
