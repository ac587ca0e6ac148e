import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, to } from './harness.js';
import { WEEKLY, configWith, query, tempDb } from './survey-fixtures.js';

const MANUAL = { ...WEEKLY, id: 'manual', schedule: undefined };
const NAMED = { ...MANUAL, id: 'named', anonymous: false };
const boss = person('boss', '管理员', { roles: ['admin'] });
const last = (r: Awaited<ReturnType<typeof simulate>>, chat: string) => to(r, chat).at(-1)!;

describe('answering a survey', () => {
  it('loses no answer when the bot restarts in the middle of the open window', async () => {
    const dbPath = tempDb();
    const config = configWith(MANUAL);
    await simulate([boss, person('alice', '李华'), person('bob', 'Bob', { locale: 'en' }),
      say('boss', '/survey send manual'), press('boss', '确认发送'), press('alice', '二食堂'), press('alice', '4'),
      press('bob', 'Canteen 1'), press('bob', '5'), press('bob', '10')], { config, dbPath });
    const r = await simulate([at('2026-03-03T07:00:00+08:00'), say('alice', '/survey continue'), press('alice', '8'),
      say('bob', '/survey continue'), say('boss', '/survey results manual')], { config, dbPath });
    expect(r.err).toEqual([]);
    expect(to(r, 'private:alice').map((l) => l.text)).toEqual([
      '3/3 你会推荐一站给同学吗？\n0 = 完全不可能，10 = 非常可能', '🙏 谢谢你完成「每周小调查」！你的回答已经保存。',
    ]);
    expect(last(r, 'private:bob').text).toBe('There is no survey waiting for you right now.');
    expect(last(r, 'private:boss').text).toContain('完成 2 人，回复率 100.0%');
    expect(last(r, 'private:boss').text).toContain('一食堂 1 · 二食堂 1（2 人回答）');
    expect(query(dbPath, 'select count(*) n from survey_answers where final')).toEqual([{ n: 6 }]);
  });

  it('does not double-count a button pressed twice, and keeps going with the current question', async () => {
    const dbPath = tempDb();
    const r = await simulate([boss, person('alice', '李华'), say('boss', '/survey send manual'), press('boss', '确认发送'),
      press('alice', '一食堂'), press('alice', '二食堂'), press('alice', '一食堂')], { config: configWith(MANUAL), dbPath });
    expect(to(r, 'private:alice').slice(2).map((l) => l.text)).toEqual([
      '这一题已经记录过了，不会重复计算。', '2/3 这周过得怎么样？\n1 = 很不满意，5 = 很满意',
      '这一题已经记录过了，不会重复计算。', '2/3 这周过得怎么样？\n1 = 很不满意，5 = 很满意',
    ]);
    expect(query(dbPath, "select value from survey_answers where question_id = 'canteen'")).toEqual([{ value: 'c1' }]);
  });

  it('goes through every question type of the demo survey, with ticks, a skip-able text and stop-and-continue', async () => {
    const r = await simulate([boss, person('li', '李华'), person('amy', 'Amy', { locale: 'en' }),
      say('boss', '/survey send semester-satisfaction'), press('boss', '确认发送'),
      ...['5', '4', '3', '5', '2', '4'].map((v) => press('li', v)),
      press('li', '宿舍设施'), press('li', '生活服务'), press('li', '✓ 宿舍设施'), press('li', '完成'), press('li', '9'),
      say('li', '  热水经常不热  '),
      press('amy', '3'), press('amy', '4'), say('amy', 'hello?'), say('amy', '/survey continue'),
      say('boss', '/survey export semester-satisfaction')]);
    expect(r.err).toEqual([]);
    const li = to(r, 'private:li');
    expect(li.filter((l) => l.edit).map((l) => l.buttons!.flat().filter((b) => b.startsWith('✓')))).toEqual([['✓ 宿舍设施'], ['✓ 生活服务', '✓ 宿舍设施'], ['✓ 生活服务']]);
    expect(li.at(-2)).toMatchObject({ text: '9/9 还有什么想对我们说的吗？\n请直接输入文字回复。', buttons: [['跳过']] });
    expect(li.at(-1)!.text).toBe('🙏 谢谢你完成「学期满意度调查」！你的回答已经保存。');
    expect(to(r, 'private:amy').slice(-2).map((l) => l.text)).toEqual([
      "Hi 👋 I'm Yizhan. Tell me if you need a repair, have feedback or a complaint, or a question for an office; /help lists everything.",
      '3/9 Life services (canteens, parcels, laundry, campus card)\n1 = very dissatisfied, 5 = very satisfied',
    ]);
    expect(last(r, 'private:boss')).toMatchObject({ text: '📎 survey-semester-satisfaction-run1.csv：「学期满意度调查」第 #1 轮，2 份回答（完成 1）。', file: { name: 'survey-semester-satisfaction-run1.csv' } });
    const csv = last(r, 'private:boss').file!.content.split('\n');
    expect(csv[0]).toBe('complete,academic,mental_health,life_services,career,dorm,culture,priorities,nps,comment');
    expect(csv.slice(1).sort()).toEqual(['no,3,4,,,,,,,', 'yes,5,4,3,5,2,4,life_services,9,热水经常不热']);
  });
});

describe('running surveys', () => {
  it('starts a run only once: sending again invites nobody twice, only newcomers', async () => {
    const dbPath = tempDb();
    const config = configWith(MANUAL);
    const r = await simulate([boss, person('a', '甲'), person('b', '乙'), say('boss', '/survey send manual'), press('boss', '确认发送'),
      say('boss', '/survey send manual'), person('c', '丙'), say('boss', '/survey send manual'), press('boss', '确认发送')], { config, dbPath });
    expect(to(r, 'private:boss').map((l) => l.text)).toEqual([
      '要把「每周小调查」发给 2 人吗？其中 0 人无法私聊（他们所在的班级群会收到提醒）。',
      '已发起「每周小调查」第 #1 轮：邀请 2 人，其中 0 人无法私聊（未私聊过机器人或已屏蔽）。3月5日 08:00 截止。',
      '「每周小调查」第 #1 轮仍在进行中（3月5日 08:00 截止），没有重复发送；新增邀请 0 人。',
      '「每周小调查」第 #1 轮仍在进行中（3月5日 08:00 截止）。要把它发给之后新加入对象的 1 人吗？其中 0 人无法私聊。已经收到的人不会重复收到。',
      '「每周小调查」第 #1 轮仍在进行中（3月5日 08:00 截止），没有重复发送；新增邀请 1 人。',
    ]);
    expect(r.out.filter((l) => l.text.startsWith('📋')).map((l) => l.to)).toEqual(['private:a', 'private:b', 'private:c']);
    expect(query(dbPath, 'select run_id, member_id from survey_deliveries order by member_id')).toEqual([
      { run_id: 1, member_id: 2 }, { run_id: 1, member_id: 3 }, { run_id: 1, member_id: 4 },
    ]);
    expect(query(dbPath, "select count(*) n from outbox where kind = 'survey.invite'")).toEqual([{ n: 3 }]);
    expect(query(dbPath, "select action, target from audit_log where action = 'survey.send'")).toHaveLength(2);
  });

  it('keeps anonymous answers unlinkable and puts names only in a named survey\'s export', async () => {
    const dbPath = tempDb();
    const answer = (u: string) => [press(u, '一食堂'), press(u, '5'), press(u, '7')];
    const r = await simulate([boss, person('alice', '李华'), say('boss', '/survey send manual'), press('boss', '确认发送'), ...answer('alice'),
      say('boss', '/survey send named'), press('boss', '确认发送'), ...answer('alice'), at('2026-03-06T08:00:00+08:00'),
      say('boss', '/survey export manual'), say('boss', '/survey export named')], { config: configWith(MANUAL, NAMED), dbPath });
    const [anon, named] = to(r, 'private:boss').slice(-2).map((l) => l.file);
    expect(anon).toEqual({ name: 'survey-manual-run1.csv', content: 'complete,canteen,mood,nps\nyes,c1,5,7' });
    expect(named).toEqual({ name: 'survey-named-run2.csv', content: 'member_id,member_name,complete,canteen,mood,nps\n2,李华,yes,c1,5,7' });
    expect(query(dbPath, 'select run_id, member_id is null anonymous, completed_at is null untimed from survey_responses order by run_id'))
      .toEqual([{ run_id: 1, anonymous: 1, untimed: 1 }, { run_id: 2, anonymous: 0, untimed: 0 }]);
    expect(query(dbPath, 'select token_key from survey_runs')).toEqual([{ token_key: null }, { token_key: null }]);
    // Closed, the anonymous run forgets who finished; the named one keeps it, as it keeps the member.
    expect(query(dbPath, 'select run_id, member_id, responded from survey_deliveries order by run_id')).toEqual([
      { run_id: 1, member_id: 2, responded: 0 }, { run_id: 2, member_id: 2, responded: 1 },
    ]);
    // What answering the anonymous run sent (next questions, thanks) left no row; the named run's replies are kept.
    expect(query(dbPath, `select chat_id c, count(*) n from outbox where kind = 'reply' group by chat_id order by chat_id`))
      .toEqual([{ c: 'private:alice', n: 3 }, { c: 'private:boss', n: 6 }]); // the named run's answers; boss's two sends (each asks, then confirms) and two exports
  });

  it('keeps a finished survey finished when the person links their account on another platform', async () => {
    const dbPath = tempDb();
    const onTelegram = (line: Record<string, unknown>) => ({ ...line, platform: 'telegram' });
    const answered = [boss, person('alice', '李华'), onTelegram(say('alice', '/start')), say('boss', '/survey send manual'), press('boss', '确认发送'),
      ...['一食堂', '5', '9'].map((label) => onTelegram(press('alice', label))), say('alice', '/link')];
    const code = /关联码：([A-Z2-9]{6})/.exec(last(await simulate(answered, { config: configWith(MANUAL) }), 'private:alice').text)![1]!;
    const r = await simulate([...answered, onTelegram(say('alice', `/link ${code}`)), press('alice', '确认关联'), onTelegram(press('alice', '确认关联')),
      say('alice', '/survey continue')], { config: configWith(MANUAL), dbPath });
    expect(last(r, 'private:alice').text).toBe('目前没有等你填写的问卷。');
    expect(query(dbPath, 'select run_id, member_id, responded from survey_deliveries')).toEqual([{ run_id: 1, member_id: 2, responded: 1 }]);
  });

  it('lets only admins list, send, see results and export; students only continue', async () => {
    const r = await simulate([boss, person('alice', '李华'), say('alice', '/survey send manual'), say('alice', '/survey export manual'),
      say('alice', '/survey'), say('boss', '/survey'), say('boss', '/survey results nope'), say('boss', '/survey results manual'), say('boss', '/survey list')],
    { config: configWith(MANUAL, NAMED) });
    expect(to(r, 'private:alice').map((l) => l.text)).toEqual([
      '抱歉，/survey send 只对有相应权限的老师或同学开放。发送 /help 查看你可以用的命令。',
      '抱歉，/survey export 只对有相应权限的老师或同学开放。发送 /help 查看你可以用的命令。',
      '目前没有等你填写的问卷。',
    ]);
    expect(to(r, 'private:boss').map((l) => l.text.split('\n')[0])).toEqual([
      '问卷命令：', '没有找到问卷“nope”。现有的问卷：manual, named', '问卷“manual”还没有发起过。用 /survey send manual 发起一轮。', '问卷：',
    ]);
    expect(last(r, 'private:boss').text).toBe('问卷：\n• manual — 每周小调查\n  手动发起 · 对象：students · 匿名 · 尚未发起\n• named — 每周小调查\n  手动发起 · 对象：students · 实名 · 尚未发起');
  });

  it('offers the surveys as buttons when /survey send, results or export names none', async () => {
    const r = await simulate([boss, person('alice', '李华'), say('boss', '/survey send'), press('boss', '每周小调查 · named'), press('boss', '确认发送'),
      say('boss', '/survey results'), press('boss', '每周小调查 · named')], { config: configWith(MANUAL, NAMED) });
    const boss_ = to(r, 'private:boss');
    expect(boss_[0]).toMatchObject({ text: '立即发起哪份问卷？', buttons: [['每周小调查 · manual'], ['每周小调查 · named']] });
    expect(boss_[1]!.text).toBe('要把「每周小调查」发给 1 人吗？其中 0 人无法私聊（他们所在的班级群会收到提醒）。');
    expect(boss_[2]!.text).toMatch(/^已发起「每周小调查」第 #1 轮：邀请 1 人/);
    expect(boss_[3]!.text).toBe('查看哪份问卷最近一轮的结果？');
    expect(boss_[4]!.text).toContain('完成 0 人');
    expect(to(r, 'private:alice')).toHaveLength(1); // invited once, by the named run
  });

  it('creates a survey from one line, and a scheduled one fires on its cron without a restart', async () => {
    const dbPath = tempDb();
    const line = '/survey create canteen-check | 食堂满意度 / Canteen survey | rating: 饭菜质量 / Food quality | choice?：常去哪个食堂？／Which canteen? [一食堂 / Canteen 1；二食堂 / Canteen 2] | audience group:class-2301 | open 2d | remind -6h | schedule 0 12 * * 2 | named';
    const r = await simulate([boss, person('alice', '李华', { groups: ['class-2301'] }), person('bob', 'Bob'),
      say('boss', line), say('boss', '/survey create x | 标题 | rating: 题 | colour: red'), say('boss', line),
      at('2026-03-03T12:00:00+08:00'), press('alice', '4'), press('alice', 'Canteen 2')], { config: configWith(), dbPath });
    expect(to(r, 'private:boss').map((l) => l.text.split('\n')[0])).toEqual([
      '已创建问卷 canteen-check「食堂满意度」，共 2 题。用 /survey send canteen-check 发起。',
      '问卷定义有问题：', '问卷编号“canteen-check”已经存在，请换一个。',
    ]);
    expect(to(r, 'private:boss')[1]!.text).toContain('segment 4 "colour: red": is neither a question');
    expect(to(r, 'private:bob')).toEqual([]);
    expect(to(r, 'private:alice')[0]).toMatchObject({ at: '2026-03-03T12:00:00+08:00', buttons: [['1', '2', '3', '4', '5']] });
    expect(to(r, 'private:alice')[1]!.buttons).toEqual([['一食堂'], ['二食堂'], ['跳过']]);
    expect(r.err).toEqual(['line 9: no message in private:alice has a button "Canteen 2"']);
    expect(query(dbPath, 'select id from surveys')).toEqual([{ id: 'canteen-check' }]);
    const times = query<{ due: number; opened: number }>(dbPath, "select due_at as due, (select opened_at from survey_runs) as opened from scheduled_tasks where kind = 'surveys.remind'");
    expect(times.map((t) => ({ d: t.due - t.opened }))).toEqual([{ d: 42 * 3600_000 }]);
  });

  it('keeps firing a scheduled survey an admin created after the bot restarted', async () => {
    const dbPath = tempDb();
    const line = '/survey create lunch | 午饭 / Lunch | rating: 饭菜质量 / Food quality | audience group:class-2301 | open 2d | schedule 0 12 * * 2 | named';
    const alice = person('alice', '李华', { groups: ['class-2301'] });
    await simulate([boss, alice, say('boss', line)], { config: configWith(), dbPath });
    const r = await simulate([at('2026-03-03T12:00:00+08:00'), press('alice', '4')], { config: configWith(), dbPath });
    expect(r.err).toEqual([]);
    expect(to(r, 'private:alice')[0]).toMatchObject({ at: '2026-03-03T12:00:00+08:00', buttons: [['1', '2', '3', '4', '5']] });
    expect(query(dbPath, 'select survey_id, started_by from survey_runs')).toEqual([{ survey_id: 'lunch', started_by: 'schedule' }]);
    expect(query(dbPath, 'select value from survey_answers')).toEqual([{ value: '4' }]);
  });
});
