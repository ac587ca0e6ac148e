/**
 * Announcements (issue 17 points 6, 7): a preview with the count of recipients, then the outbox
 * sends it now or at its time; staff only to their department's audience, reps only to their class
 * groups, admins anywhere; cancel before its time; a receipt; quiet hours, except an admin's urgent
 * one with a reason (audited); clear answers to bad input.
 */
import { describe, expect, it } from 'vitest';
import { at, press, person, say, simulate, to } from './harness.js';
import { query, tempDb } from './survey-fixtures.js';
import { withJson } from './pg/app-store.js';

const G = 'group:class-2301';
const people = [
  person('li', '李华', { groups: ['class-2301'], building: '3号楼' }),
  person('amy', 'Amy', { locale: 'en', groups: ['class-2301'], building: '7号楼' }),
  person('zhao', '赵班长', { roles: ['rep'], rep_of: ['class-2301'] }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('liu', '刘老师', { roles: ['staff'], department: 'student_affairs' }),
  person('admin', '管理员', { roles: ['admin'] }),
];
const texts = (lines: { text: string }[]) => lines.map((l) => l.text);

describe('announcements', () => {
  it('a rep announces in their class group: a private preview with the count, the group reads it, the rep gets a receipt', async () => {
    const dbPath = tempDb();
    const r = await simulate([...people, say('zhao', '/announce | 周五班会改到 302。', G), press('zhao', '确认发送'), at('2026-03-02T08:30:00+08:00')], { dbPath });
    const zhao = to(r, 'private:zhao');
    expect(zhao[0]).toMatchObject({ text: '📣 通知预览（发给 class-2301：1 个群，立即发送）：\n\n周五班会改到 302。\n\n确认发送吗？', buttons: [['确认发送', '取消']] });
    expect(texts(to(r, G))).toEqual(['这部分内容不适合在本群显示，我已私信回复你。', '📣 通知 · class-2301\n\n周五班会改到 302。']);
    expect(zhao.slice(1).map((l) => [l.at, l.text])).toEqual([
      ['2026-03-02T08:00:00+08:00', '已发出通知 #1。发送完成后我会告诉你送达情况。'],
      ['2026-03-02T08:10:00+08:00', '📣 通知 #1 发送完成：送达 1，联系不上 0。'],
    ]);
    expect(query(dbPath, 'select audience, status, groups, people from announcements')).toEqual([{ audience: 'group:class-2301', status: 'confirmed', groups: 1, people: 0 }]);
    expect(query(dbPath, 'select action, target from audit_log')).toEqual([{ action: 'announce.send', target: 'announcement:1' }]);
  });

  it('refuses staff another department\'s audience, a rep another class, and students altogether', async () => {
    const dbPath = tempDb();
    const r = await simulate([
      ...people,
      say('wang', '/announce dept:student_affairs | 值班调整'), say('wang', '/announce students | 停水'),
      say('zhao', '/announce group:class-2302 | 班会'), say('li', '/announce | 大家好'),
      say('wang', '/announce | 明天下午值班表有调整。'), press('wang', '确认发送'),
    ], { dbPath });
    expect(texts(to(r, 'private:wang')).slice(0, 3)).toEqual([
      '你只能给这些对象发通知：dept:logistics、building:楼名（任一楼栋）。', '你只能给这些对象发通知：dept:logistics、building:楼名（任一楼栋）。',
      '📣 通知预览（发给后勤保障处员工：1 个群，立即发送）：\n\n明天下午值班表有调整。\n\n确认发送吗？',
    ]);
    expect(texts(to(r, 'private:zhao'))).toEqual(['你只能给这些对象发通知：group:class-2301。']);
    expect(to(r, 'private:li')[0]!.text).toMatch(/^抱歉，\/announce 只对有相应权限的老师或同学开放。/);
    expect(texts(to(r, 'group:staff-logistics'))).toEqual(['📣 通知 · 后勤保障处\n\n明天下午值班表有调整。']);
    expect(to(r, 'group:staff-student_affairs')).toEqual([]);
    expect(query(dbPath, "select count(*) n from announcements where status = 'confirmed'")).toEqual([{ n: 1 }]);
  });

  it('reads an audience written before the text without "|" as the audience, and the preview names whom it goes to', async () => {
    const r = await simulate([
      ...people, person('kim', 'Kim', { locale: 'en', roles: ['staff'], department: 'logistics' }),
      say('wang', '/announce building:3号楼 明天上午 9 点到 12 点停水，请提前储水。'), press('wang', '确认发送'),
      say('kim', '/announce dept:logistics Duty roster changed for Friday.'),
    ], { dbPath: tempDb() });
    expect(texts(to(r, 'private:wang'))[0]).toBe('📣 通知预览（发给3号楼：1 人私信，立即发送）：\n\n明天上午 9 点到 12 点停水，请提前储水。\n\n确认发送吗？');
    expect(texts(to(r, 'private:li'))).toEqual(['📣 通知 · 后勤保障处\n\n明天上午 9 点到 12 点停水，请提前储水。']);
    expect(texts(to(r, 'private:kim'))[0]).toMatch(/^📣 Preview \(to Logistics[^:]* staff: 1 group, sent now\):\n\nDuty roster changed for Friday\./);
  });

  it('staff reach the audiences their department may use, in its name: the dorm office a building, academic affairs every student; never another department\'s', async () => {
    const dbPath = tempDb();
    const r = await simulate([
      ...people, person('sun', '孙老师', { roles: ['staff'], department: 'academic_affairs' }),
      person('chen', '陈主任', { roles: ['lead'], department: 'logistics' }), person('kim', 'Kim', { locale: 'en', roles: ['staff'], department: 'logistics' }),
      say('chen', '/announce building:3栋 | 3号楼今晚 22:00 起停电检修。'), press('chen', '确认发送'),
      say('sun', '/announce students | 下学期选课下周一开始。'), press('sun', '确认发送'),
      say('sun', '/announce building:3号楼 | 停水'), say('sun', '/announce dept:logistics | 值班'),
      say('kim', '/announce students | hello'), say('wang', '/announce role:rep | 班长开会'),
    ], { dbPath });
    expect(texts(to(r, 'private:chen'))[0]).toBe('📣 通知预览（发给3号楼：1 人私信，立即发送）：\n\n3号楼今晚 22:00 起停电检修。\n\n确认发送吗？');
    expect(texts(to(r, 'private:li'))).toEqual(['📣 通知 · 后勤保障处\n\n3号楼今晚 22:00 起停电检修。']);
    expect(to(r, 'private:amy')).toEqual([]); // 7号楼
    expect(texts(to(r, 'private:sun'))[0]).toBe('📣 通知预览（发给全体学生：1 个群，立即发送）：\n\n下学期选课下周一开始。\n\n确认发送吗？');
    expect(texts(to(r, G)).at(-1)).toBe('📣 通知 · 教务处\n\n下学期选课下周一开始。');
    const refusal = '你只能给这些对象发通知：dept:academic_affairs、students、group:班级（任一班级群）。';
    expect(texts(to(r, 'private:sun')).slice(2)).toEqual([refusal, refusal]);
    expect(texts(to(r, 'private:kim'))).toEqual(['You can send announcements only to: dept:logistics, building:<name> (any building).']);
    expect(texts(to(r, 'private:wang'))).toEqual(['你只能给这些对象发通知：dept:logistics、building:楼名（任一楼栋）。']);
    expect(to(r, 'group:staff-logistics')).toEqual([]);
    expect(query(dbPath, 'select department, audience, status, groups, people from announcements order by id')).toEqual([
      { department: 'logistics', audience: 'building:3号楼', status: 'confirmed', groups: 0, people: 1 },
      { department: 'academic_affairs', audience: 'students', status: 'confirmed', groups: 1, people: 0 },
    ]);
  });

  it('an admin reaches a building privately, at the time given, and a cancelled one sends nothing', async () => {
    const dbPath = tempDb();
    const r = await simulate([
      ...people,
      say('admin', '/announce building:3号楼 | 明天 8:00–12:00 3号楼停水，请提前储水。 | at 明天 08:00'), press('admin', '确认发送'),
      say('admin', '/announce all | 这条会取消 | at 明天 09:00'), press('admin', '确认发送'),
      say('admin', '/announce list'), say('admin', '/announce cancel 2'),
      at('2026-03-03T10:00:00+08:00'),
    ], { dbPath });
    const admin = texts(to(r, 'private:admin'));
    expect(admin[0]).toBe('📣 通知预览（发给3号楼：1 人私信，3月3日 08:00 发送）：\n\n明天 8:00–12:00 3号楼停水，请提前储水。\n\n确认发送吗？');
    expect(admin[1]).toBe('通知 #1 将在 3月3日 08:00 发送。/announce cancel 1 可以在发送前取消。');
    expect(admin[4]).toBe('你的通知：\n#2 all｜定时 3月3日 09:00｜这条会取消\n#1 building:3号楼｜定时 3月3日 08:00｜明天 8:00–12:00 3号楼停水，请提前储水。');
    expect(admin[5]).toBe('已取消通知 #2，没有发出任何消息。');
    expect(to(r, 'private:li').map((l) => [l.at, l.text])).toEqual([
      ['2026-03-03T08:00:00+08:00', '📣 通知 · 示范大学一站式学生社区\n\n明天 8:00–12:00 3号楼停水，请提前储水。'],
    ]);
    expect(to(r, 'private:amy')).toEqual([]);
    expect(r.out.filter((l) => l.text.includes('这条会取消') && !l.to.endsWith('admin'))).toEqual([]);
    expect(admin.at(-1)).toBe('📣 通知 #1 发送完成：送达 1，联系不上 0。');
  });

  it('waits for the end of quiet hours, except an admin\'s urgent announcement, whose reason is audited', async () => {
    const dbPath = tempDb();
    const r = await simulate([
      ...people, at('2026-03-02T23:00:00+08:00'),
      say('admin', '/announce group:class-2301 | 明早体测改到 9 点'), press('admin', '确认发送'),
      say('admin', '/announce group:class-2301 | 今晚暴雨，请不要外出。 | urgent: 暴雨红色预警'), press('admin', '确认发送'),
      say('zhao', '/announce | 也想紧急 | urgent: 班会', G),
      person('eve', 'Eve', { locale: 'en', roles: ['admin'] }), say('eve', '/announce group:class-2301 | Storm tonight: stay in. | urgent: red storm warning'),
      at('2026-03-03T08:00:00+08:00'),
    ], { dbPath });
    expect(texts(to(r, 'private:eve'))).toEqual(['📣 Preview (to class-2301: 1 group, sent now; urgent: red storm warning, sent in quiet hours too):\n\nStorm tonight: stay in.\n\nSend it?']);
    expect(to(r, G).filter((l) => l.text.startsWith('📣')).map((l) => [l.at, l.text.split('\n')[2]])).toEqual([
      ['2026-03-02T23:00:00+08:00', '今晚暴雨，请不要外出。'], ['2026-03-03T07:30:00+08:00', '明早体测改到 9 点'],
    ]);
    // The urgent note reads as part of the preview's one pair of parentheses, not a second pair inside it.
    expect(texts(to(r, 'private:admin'))[2]).toBe('📣 通知预览（发给 class-2301：1 个群，立即发送；紧急：暴雨红色预警，免打扰时段也发送）：\n\n今晚暴雨，请不要外出。\n\n确认发送吗？');
    expect(texts(to(r, G))).toContain('只有管理员可以发紧急通知（免打扰时段也会发送）。');
    expect(withJson(query(dbPath, "select action, detail from audit_log where action = 'announce.urgent'"), 'detail')).toEqual([
      { action: 'announce.urgent', detail: { audience: 'group:class-2301', groups: 1, people: 0, urgent: true, reason: '暴雨红色预警' } },
    ]);
  });

  it('answers an empty, a 5,000-character, an unknown-audience and an unreadable announcement clearly, in the sender\'s language', async () => {
    const r = await simulate([
      ...people, person('eve', 'Eve', { locale: 'en', roles: ['admin'] }),
      say('admin', '/announce'), say('admin', '/announce students |'), say('admin', `/announce students | ${'水'.repeat(5000)}`),
      say('eve', '/announce planet:mars | hello'), say('eve', '/announce students | hello | loudly'), say('eve', '/announce students | hello | at someday'),
    ]);
    const admin = texts(to(r, 'private:admin'));
    expect(admin[0]).toMatch(/^用法：\/announce 对象 \| 通知内容/);
    expect(admin.slice(1)).toEqual(['通知内容是空的。请写成：/announce 对象 | 通知内容', '通知太长了（5000 字），最多 2000 字。']);
    expect(texts(to(r, 'private:eve'))).toEqual([
      'There is no audience "planet:mars". Choose from: students, all, building:<name>, group:<class>, role:rep, dept:<department>.',
      'I don\'t understand "loudly". Options: private (also to each person privately), at tomorrow 08:00 (send then), urgent: reason (admins).',
      'I can\'t read the time "someday". For example: at tomorrow 08:00, at 2h, at 12-01 18:00.',
    ]);
  });

  it('sends a photo with its caption as the announcement', async () => {
    const r = await simulate([...people, { from: 'zhao', chat: G, text: '/announce | 运动会报名表', photos: ['form.jpg'] }, press('zhao', '确认发送')]);
    expect(to(r, G).at(-1)).toMatchObject({ text: '📣 通知 · class-2301\n\n运动会报名表', photos: ['form.jpg'] });
  });
});
