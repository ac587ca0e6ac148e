/**
 * Keeping the FAQ (issue 17 points 1, 4, 5): config/faq.yaml is checked at start and a problem
 * names the entry and the key; staff change their department's entries in the chat (stored over
 * the file's, audited), admins any; the digest shows the most asked, the gaps and the helped rate.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, loadConfig } from '../src/config.js';
import { at, press, person, say, simulate, to } from './harness.js';
import { query, tempDb } from './survey-fixtures.js';

const people = [
  person('li', '李华'), person('amy', 'Amy', { locale: 'en' }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('liu', '刘老师', { roles: ['staff'], department: 'student_affairs' }),
  person('admin', '管理员', { roles: ['admin'] }),
];

const GYM = ['/faq add gym-hours', '体育馆几点开门？ / When is the gym open?', '体育馆每天 8:00–21:00 开放。 / The gym is open daily 8:00–21:00.',
  'variants: 体育馆开放时间; 健身房几点关门; gym opening hours', 'tags: 体育馆; gym'].join(' | ');

function problemsOf(faqYaml: string): { file: string; problems: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-faq-file-'));
  copyFileSync('config/default.yaml', join(dir, 'default.yaml'));
  writeFileSync(join(dir, 'faq.yaml'), faqYaml);
  try {
    loadConfig(join(dir, 'default.yaml'), {});
  } catch (e) {
    if (e instanceof ConfigError) return { file: e.file, problems: e.problems };
    throw e;
  }
  return { file: '', problems: [] };
}

describe('the FAQ file', () => {
  it('is read from beside the config file, with 30 entries or more, each in both languages and owned by a department', () => {
    const config = loadConfig('config/default.yaml', {});
    expect(config.faq!.length).toBeGreaterThanOrEqual(30);
    const ids = config.departments.map((d) => d.id);
    for (const e of config.faq!) {
      expect(ids).toContain(e.department);
      expect(e.question['zh-CN']).not.toBe(e.question.en);
      expect(e.answer['zh-CN']).not.toBe(e.answer.en);
    }
  });

  it('names the entry and the key of every problem: an entry without English, an unknown department, a repeated id', () => {
    const good = { id: 'a', department: 'logistics', question: { 'zh-CN': '问', en: 'Q' }, answer: { 'zh-CN': '答', en: 'A' } };
    const r = problemsOf(stringify({ entries: [
      good,
      { id: 'no-english', department: 'logistics', question: { 'zh-CN': '问' }, answer: { 'zh-CN': '答', en: 'A' } },
      { ...good, id: 'lost', department: 'library' },
      good,
      { ...good, id: 'x', colour: 'red' },
    ] }));
    expect(r.file).toMatch(/faq\.yaml$/);
    expect(r.problems).toEqual([
      'entry 2 "no-english" (entries.1): question.en: is missing (every entry needs its English text too)',
      'entry 4 "a" (entries.3): id: "a" is used by an earlier entry',
      'entry 5 "x" (entries.4): (top level): unknown key "colour"',
      expect.stringMatching(/^entry 2 "lost" \(entries\.1\): department: unknown department "library" \(known: student_affairs, logistics/),
    ]);
  });
});

describe('keeping the FAQ in the chat', () => {
  it('lets staff add an entry for their department that students find at once, audited', async () => {
    const dbPath = tempDb();
    const r = await simulate([...people, say('wang', GYM), say('li', '体育馆几点开门'), say('amy', 'what are the gym opening hours?')], { dbPath });
    expect(to(r, 'private:wang')[0]!.text).toBe('已添加 gym-hours（后勤保障处）。学生现在就能问到它。');
    expect(to(r, 'private:li')[0]!.text).toBe('📖 体育馆几点开门？\n\n体育馆每天 8:00–21:00 开放。\n—— 后勤保障处');
    expect(to(r, 'private:amy')[0]!.text.split('\n')[0]).toBe('📖 When is the gym open?');
    expect(query(dbPath, 'select action, target, detail from audit_log')).toEqual([{ action: 'faq.add', target: 'faq:gym-hours', detail: '{"department":"logistics"}' }]);
  });

  it("edits and removes entries of one's own department only; an admin any; changes stay over the file's entries", async () => {
    const dbPath = tempDb();
    const r = await simulate([
      ...people,
      say('wang', '/faq edit scholarship-forms | answer: 改了 / changed'),
      say('liu', '/faq edit scholarship-forms | answer: 9 月底前交给辅导员。 / Hand it to your counsellor by the end of September.'),
      say('li', '奖学金申请表在哪下载'),
      say('wang', '/faq remove canteen-hours'), say('li', '食堂几点开门'),
      say('admin', '/faq remove dorm-hours'), say('admin', '/faq list'),
    ], { dbPath });
    expect(to(r, 'private:wang').map((l) => l.text)).toEqual(['这条常见问题属于学工处，你只能修改自己部门的条目。', '已删除 canteen-hours。']);
    expect(to(r, 'private:liu')[0]!.text).toBe('已修改 scholarship-forms。');
    const li = to(r, 'private:li');
    expect(li[0]!.text).toContain('9 月底前交给辅导员。');
    expect(li[1]!.text).not.toMatch(/^📖 食堂几点开门/);
    const list = to(r, 'private:admin')[1]!.text;
    expect(list).not.toContain('dorm-hours');
    expect(list).toContain('scholarship-forms｜奖学金什么时候申请？申请表在哪里下载？（学工处，聊天中修改过）');
    expect(query(dbPath, 'select id, removed from faq_entries order by id')).toEqual([
      { id: 'canteen-hours', removed: 1 }, { id: 'dorm-hours', removed: 1 }, { id: 'scholarship-forms', removed: 0 },
    ]);
    expect(query(dbPath, "select action from audit_log where action like 'faq.%' order by id").map((a) => (a as { action: string }).action))
      .toEqual(['faq.edit', 'faq.remove', 'faq.remove']);
  });

  it('says what is wrong with an entry without English, an id in use, an unknown id, and asks an admin which department', async () => {
    const r = await simulate([
      ...people,
      say('wang', '/faq add gym | 体育馆几点开门？ | 每天 8:00–21:00。'),
      say('wang', '/faq add library-hours | 图书馆？ / Library? | 开 / Open'),
      say('amy', '/faq edit nothing-here | answer: x / y'),
      say('admin', '/faq add gym | 体育馆几点开门？ / Gym? | 8:00 / 8:00'),
      say('li', '/faq add gym | 体育馆几点开门？ / Gym? | 8:00 / 8:00'),
    ]);
    const wang = to(r, 'private:wang').map((l) => l.text);
    expect(wang[0]).toContain('• question.en: is missing (every entry needs its English text too)');
    expect(wang[0]).toContain('• answer.en: is missing (every entry needs its English text too)');
    expect(wang[1]).toBe('编号 library-hours 已经有了。换一个编号，或者用 /faq edit library-hours 修改。');
    expect(to(r, 'private:amy')[0]!.text).not.toMatch(/There is no frequent question/); // a student's /faq edit … is a question
    expect(to(r, 'private:admin')[0]!.text).toMatch(/^你在几个部门工作，请用 dept: 写明部门：student_affairs（学工处）、logistics/);
    expect(to(r, 'private:li')[0]!.text).not.toMatch(/^已添加/);
  });
});

describe('the FAQ in the digest', () => {
  it('shows the most asked entries, the gaps and the "this helped" rate', async () => {
    const r = await simulate([
      ...people,
      say('li', '图书馆几点关门'), press('li', '这个有帮助'),
      say('amy', 'what time does the library close?'), press('amy', 'Ask a person'), say('amy', '/cancel'),
      say('li', '快递站在哪'),
      say('li', '/faq 学校附近有什么好吃的餐馆'),
      at('2026-03-02T10:00:00+08:00'),
      say('admin', '/digest'),
    ]);
    const digest = to(r, 'private:admin').at(-1)!.text;
    expect(digest).toContain('📖 常见问题：\n提问 4 次，直接回答 3 次，“有帮助” 50% (1/2)');
    expect(digest).toContain('问得最多：图书馆几点开门、几点关门？ ×2；快递站在哪里？几点营业？ ×1');
    expect(digest).toContain('没有好答案（值得补充）：“what time does the library close?”；“学校附近有什么好吃的餐馆”');
  });
});
