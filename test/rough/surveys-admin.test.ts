/** Issue 13 points 9 and 10: what an admin meets running surveys. */
import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, testConfig, to } from '../harness.js';
import { WEEKLY, configWith, query, tempDb } from '../survey-fixtures.js';

const boss = person('boss', '管理员', { roles: ['admin'] });
const amyAdmin = person('amy', 'Amy', { roles: ['admin'], locale: 'en' });
const students = [person('li', '李华'), person('zhang', '张伟'), person('bob', 'Bob', { locale: 'en' })];
const MANUAL = { ...WEEKLY, id: 'manual', schedule: undefined };
const texts = (r: Awaited<ReturnType<typeof simulate>>, chat: string) => to(r, chat).map((l) => l.text);

describe('/survey create', () => {
  it('open 1d without reminders: the reminders are derived from the window', async () => {
    const dbPath = tempDb();
    const r = await simulate([boss, say('boss', '/survey create quick | 快速问卷 / Quick poll | rating: 满意吗 / Happy? | open 1d'), say('boss', '/survey create short | 短问卷 / Short | rating: 好吗 / OK? | open 90m')], { dbPath });
    expect(texts(r, 'private:boss')).toEqual([
      '已创建问卷 quick「快速问卷」，共 1 题。用 /survey send quick 发起。',
      '已创建问卷 short「短问卷」，共 1 题。用 /survey send short 发起。',
    ]);
    const stored = query<{ id: string; definition: string }>(dbPath, 'select id, definition from surveys order by id').map((s) => [s.id, JSON.parse(s.definition).reminders]);
    expect(stored).toEqual([
      ['quick', { after: ['12h'], before_close: ['6h'] }],
      ['short', { after: ['45m'], before_close: ['22m'] }],
    ]);
  });

  it('a reminder the admin did set that does not fit the window is still refused', async () => {
    const r = await simulate([boss, say('boss', '/survey create quick | 快速问卷 / Quick | rating: 满意吗 / Happy? | open 1d | remind 24h')]);
    expect(texts(r, 'private:boss')[0]).toMatch(/^问卷定义有问题：\nreminders\.after\.0: must be shorter than open_for \(1d\)/);
  });
});

describe('an admin\'s /help', () => {
  it('lists the survey subcommands an admin may use; a student sees only /survey continue', async () => {
    const r = await simulate([boss, amyAdmin, ...students, say('boss', '/help'), say('amy', '/help'), say('li', '/help')]);
    expect(to(r, 'private:boss')[0]!.text).toContain('/survey — 问卷：list 查看全部 · send <问卷> 发起一轮 · results <问卷|#轮次> 结果 · export <问卷|#轮次> 导出 CSV 文件 · create <定义> 新建 · continue 继续填写发给你的问卷');
    expect(to(r, 'private:amy')[0]!.text).toContain('/survey — Surveys: list all · send <survey> start a run · results <survey|#run> results · export <survey|#run> CSV file · create <definition> new survey · continue carry on with one sent to you');
    expect(to(r, 'private:li')[0]!.text).toContain('/survey — 继续填写发给你的问卷：/survey continue');
  });
});

describe('/survey list', () => {
  it('says when a schedule fires, in words', async () => {
    const r = await simulate([boss, amyAdmin, say('boss', '/survey list'), say('amy', '/survey list')]);
    expect(texts(r, 'private:boss')[0]).toBe('问卷：\n• semester-satisfaction — 学期满意度调查\n  定时：每年1月15日和6月15日 10:00 · 对象：students · 匿名 · 尚未发起');
    expect(texts(r, 'private:amy')[0]).toBe('Surveys:\n• semester-satisfaction — Semester satisfaction survey\n  schedule: 15 Jan and 15 Jun, 10:00 · audience: students · anonymous · never run');
  });

  it('with no survey at all says so and how to add one', async () => {
    const r = await simulate([boss, say('boss', '/survey list')], { config: { ...testConfig(), surveys: [] } });
    expect(texts(r, 'private:boss')).toEqual(['还没有问卷。用 /survey create 新建一份，或在配置文件旁的 surveys/ 文件夹里放一个 YAML 文件（格式见 README 的“问卷”一节），然后重启。']);
  });
});

describe('/survey send', () => {
  it('asks to confirm with the number of people first; pressing twice sends once', async () => {
    const dbPath = tempDb();
    const r = await simulate([boss, ...students, say('boss', '/survey send manual'), press('boss', '确认发送'), press('boss', '确认发送')], { config: configWith(MANUAL), dbPath });
    const boss_ = to(r, 'private:boss');
    expect(boss_[0]).toMatchObject({ text: '要把「每周小调查」发给 3 人吗？其中 0 人无法私聊（他们所在的班级群会收到提醒）。', buttons: [['确认发送', '取消']] });
    expect(boss_.slice(1).map((l) => l.text)).toEqual([
      expect.stringMatching(/^已发起「每周小调查」第 #1 轮：邀请 3 人/),
      '「每周小调查」第 #1 轮已经发起过了（3月5日 08:00 截止），这次没有再发送。',
    ]);
    expect(query(dbPath, 'select count(*) n from survey_runs')).toEqual([{ n: 1 }]);
    expect(query(dbPath, `select count(*) n from outbox where kind = 'survey.invite'`)).toEqual([{ n: 3 }]);
    expect(to(r, 'private:li')).toHaveLength(1);
  });

  it('cancelled, sends nothing', async () => {
    const dbPath = tempDb();
    const r = await simulate([boss, ...students, say('boss', '/survey send manual'), press('boss', '取消')], { config: configWith(MANUAL), dbPath });
    expect(texts(r, 'private:boss').at(-1)).toBe('好的，没有发送。');
    expect(query(dbPath, 'select count(*) n from survey_runs')).toEqual([{ n: 0 }]);
  });
});

describe('when a run closes', () => {
  it('the admin who started it gets its summary, in their language', async () => {
    const r = await simulate([
      amyAdmin, ...students, say('amy', '/survey send manual'), press('amy', 'Send'),
      press('li', '一食堂'), press('li', '4'), press('li', '9'),
      at('2026-03-05T08:01:00+08:00'),
    ], { config: configWith(MANUAL) });
    const summary = to(r, 'private:amy').at(-1)!;
    expect(summary.at).toBe('2026-03-05T08:00:00+08:00');
    expect(summary.text).toMatch(/^Run #1 of "Weekly check-in" has closed\.\n📊 "Weekly check-in", run #1/);
    expect(summary.text).toContain('Completed 1, response rate 33.3%');
  });

  it('a scheduled run\'s summary goes to the management chat', async () => {
    const r = await simulate([boss, ...students, at('2026-03-09T09:00:00+08:00'), at('2026-03-12T09:01:00+08:00')], { config: configWith(WEEKLY) });
    const management = to(r, 'group:management').filter((l) => l.text.includes('已截止'));
    expect(management.map((l) => [l.at, l.text.split('\n')[0]])).toEqual([
      ['2026-03-05T09:00:00+08:00', '「每周小调查」第 #1 轮已截止。'], // Monday 2 March's run, open 3 days
      ['2026-03-12T09:00:00+08:00', '「每周小调查」第 #2 轮已截止。'],
    ]);
  });
});

describe('/survey export', () => {
  it('sends a CSV file, not text in the chat', async () => {
    const r = await simulate([boss, ...students, say('boss', '/survey send manual'), press('boss', '确认发送'), press('li', '一食堂'), say('boss', '/survey export manual')], { config: configWith(MANUAL) });
    const out = to(r, 'private:boss').at(-1)!;
    expect(out.text).toBe('📎 survey-manual-run1.csv：「每周小调查」第 #1 轮，1 份回答（完成 0）。');
    expect(out.file!.name).toBe('survey-manual-run1.csv');
    expect(out.file!.content.split('\n')[0]).toBe('complete,canteen,mood,nps');
  });
});
