/** Issue 13 point 7: /assign tells the student, transfers say what happens to the deadlines, ambiguous department words are named. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, testConfig, to } from '../harness.js';

const LOGISTICS = 'group:staff-logistics';
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-staffwork-')), 'y.db');
const people = [
  person('li', '李华'), person('amy', 'Amy', { locale: 'en' }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('chen', '陈主任', { roles: ['lead'], department: 'logistics' }),
  person('tom', 'Tom', { roles: ['staff'], department: 'logistics', locale: 'en' }),
];
const repair = (who: string, text: string, anonymous = false) =>
  [say(who, `/repair ${text}`), press(who, '设施设备'), press(who, '跳过'), press(who, anonymous ? '匿名提交' : '实名提交'), press(who, '确认提交')];
const row = (dbPath: string, sql: string) => openTestDatabase(dbPath, { readonly: true }).prepare(sql).get();

describe('/assign', () => {
  it('tells the student who handles it now, as a claim does: a role unless the department shows names', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, ...repair('li', '3号楼502 热水器坏了', true), say('chen', '/assign T-1 @wang')], { dbPath });
    expect(to(r, 'private:li').at(-1)!.text).toBe('你的工单 T-1 现由「后勤保障处」工作人员负责处理。');
    expect(to(r, 'private:chen').at(-1)!.text).toBe('T-1 已分派给 王老师。');
    expect(row(dbPath, `select status, assignee_id as a from tickets`)).toEqual({ status: 'in_progress', a: 3 });
    expect(row(dbPath, `select type, public from ticket_events where type = 'assigned'`)).toEqual({ type: 'assigned', public: 1 });
  });

  it('names the assignee to the student, in the student\'s language, where the department allows it', async () => {
    const config = testConfig();
    const shown = { ...config, departments: config.departments.map((d) => (d.id === 'logistics' ? { ...d, show_assignee_name: true } : d)) };
    const r = await simulate([
      ...people, say('amy', '/lang en'),
      say('amy', '/repair 7号楼312 light broken'), press('amy', 'Facilities'), press('amy', 'Skip'), press('amy', 'With my name'), press('amy', 'Submit'),
      say('chen', '/claim T-1'), say('chen', '/assign T-1 @wang'),
    ], { config: shown });
    expect(to(r, 'private:amy').slice(-2).map((l) => l.text)).toEqual([
      'Your ticket T-1 was taken on by Logistics Services (陈主任) and is in progress.',
      'Your ticket T-1 is now handled by 王老师 of Logistics Services.',
    ]);
  });
});

describe('a transfer', () => {
  it('keeps the first-response deadline the student was promised and says why the resolution deadline changed', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...people, ...repair('li', '3号楼502 热水器坏了'),
      at('2026-03-02T09:00:00+08:00'),
      say('wang', '/transfer T-1 学工处 属于宿舍管理问题', LOGISTICS),
    ], { dbPath });
    expect(to(r, 'private:li').at(-1)!.text).toBe(
      '你的工单 T-1 已转交给「学工处」处理。原因：属于宿舍管理问题\n首次答复期限不变：3月2日 12:00；解决期限由 3月4日 08:00 改为 3月5日 08:00（「学工处」承诺在提交后 72 小时内解决）。',
    );
    expect(to(r, LOGISTICS).at(-1)!.text).toBe('T-1 已转交给「学工处」。\n首次答复期限不变：3月2日 12:00；解决期限由 3月4日 08:00 改为 3月5日 08:00（「学工处」承诺在提交后 72 小时内解决）。');
    expect(row(dbPath, `select first_response_due as f, resolution_due as r from tickets`)).toEqual({
      f: Date.parse('2026-03-02T12:00:00+08:00'), r: Date.parse('2026-03-05T08:00:00+08:00'),
    });
  });

  it('to a department promising the same says the deadlines stay', async () => {
    const r = await simulate([...people, ...repair('li', '3号楼502 热水器坏了'), say('wang', '/transfer T-1 counselling 学生情绪问题', LOGISTICS)]);
    expect(to(r, 'private:li').at(-1)!.text).toBe('你的工单 T-1 已转交给「心理健康教育与咨询中心」处理。原因：学生情绪问题\n期限不变：首次答复 3月2日 12:00 前，解决 3月4日 08:00 前。');
  });

  it('to a word several departments share names them and moves nothing', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...people, ...repair('li', '3号楼502 热水器坏了'),
      say('wang', '/transfer T-4 中心', LOGISTICS), say('wang', '/transfer T-1 中心', LOGISTICS), say('wang', '/transfer T-1 中心 不归我们', LOGISTICS), say('chen', '/grant staff centre @wang'), say('tom', '/transfer T-1 Centre not ours'),
    ], { dbPath });
    const ambiguous = '“中心”可以指好几个部门：counselling（心理健康教育与咨询中心）、career（就业指导中心）。请写得更具体一些，例如部门编号 counselling。';
    expect(to(r, LOGISTICS).slice(-3).map((l) => l.text)).toEqual(['找不到工单 T-4，或者你没有权限查看。', ambiguous, ambiguous]);
    expect(to(r, 'private:chen').at(-1)!.text).toBe('“centre”可以指好几个部门：counselling（心理健康教育与咨询中心）、career（就业指导中心）。请写得更具体一些，例如部门编号 counselling。');
    expect(to(r, 'private:tom').at(-1)!.text).toBe('"Centre" could mean several departments: counselling (Counselling Centre), career (Career Centre). Please be more specific, e.g. the department id counselling.');
    expect(row(dbPath, `select department_id as d from tickets`)).toEqual({ d: 'logistics' });
  });
});
