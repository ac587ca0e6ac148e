/**
 * Answers before tickets (issue 17, FAQ): the demo FAQ answers its questions in both languages in
 * plain words, unsure questions get choices, "ask a person" hands off to the entry's department
 * with the question kept, groups get answers when they ask the bot, and real reports, crises and
 * worries still take their own paths.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from './pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { pick } from '../src/core/i18n.js';
import { press, person, say, simulate, testConfig, to } from './harness.js';

const config = testConfig();
const faq = config.faq!;
const entry = (id: string) => faq.find((e) => e.id === id)!;
const people = [
  person('li', '李华', { groups: ['class-2301'] }), person('amy', 'Amy', { locale: 'en', groups: ['class-2301'] }),
  person('zhao', '赵同学', { groups: ['class-2301'] }),
];
const freshDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-faq-')), 'y.db');

function rows<T>(dbPath: string, sql: string): T[] {
  const db = openTestDatabase(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** The question each message of `to(chat)` answered with, or its first line. */
const heads = (lines: { text: string }[]) => lines.map((l) => l.text.split('\n')[0]);

/** Asked in the wellbeing and counselling words the support path takes first (README "Crisis support"); /faq answers them. */
const SUPPORT_FIRST = new Set(['exam-deferral:en', 'counselling-privacy:en']);

describe('the FAQ', () => {
  it('answers every demo question in Chinese and in English, asked in plain words', async () => {
    const script = faq.flatMap((e) => [
      say('li', SUPPORT_FIRST.has(`${e.id}:zh-CN`) ? `/faq ${e.question['zh-CN']}` : e.question['zh-CN']),
      say('amy', SUPPORT_FIRST.has(`${e.id}:en`) ? `/faq ${e.question.en}` : e.question.en),
    ]);
    const dbPath = freshDb();
    const r = await simulate([...people, ...script], { dbPath });
    expect(faq.length).toBeGreaterThanOrEqual(30);
    expect(heads(to(r, 'private:li'))).toEqual(faq.map((e) => `📖 ${e.question['zh-CN']}`));
    expect(heads(to(r, 'private:amy'))).toEqual(faq.map((e) => `📖 ${e.question.en}`));
    expect(to(r, 'private:amy')[0]!.buttons).toEqual([['This helped', 'Ask a person']]);
    expect(rows(dbPath, 'select id from tickets')).toEqual([]);
    expect(rows(dbPath, "select count(*) n from faq_asks where outcome = 'answered'")).toEqual([{ n: faq.length * 2 }]);
  });

  it('answers the questions that used to become tickets, and still files real reports and meets crises and worries first', async () => {
    const dbPath = freshDb();
    const questions = ['图书馆几点关门', '快递站在哪', '校园卡丢了怎么办', 'what time does the library close?', 'I lost my student card'];
    const r = await simulate([
      ...people, ...questions.map((q) => say(q.match(/[a-z]/) ? 'amy' : 'li', q)),
      say('zhao', '3号楼502热水器坏了'), say('zhao', '/cancel'), say('zhao', '食堂的饭太难吃了'), say('zhao', '/cancel'),
      say('zhao', '我不想活了'), say('amy', 'I feel so lonely here'),
    ], { dbPath });
    const ids = ['library-hours', 'parcel-station', 'campus-card-lost'];
    expect(heads(to(r, 'private:li'))).toEqual(ids.map((id) => `📖 ${entry(id).question['zh-CN']}`));
    const amy = to(r, 'private:amy');
    expect(heads(amy.slice(0, 2))).toEqual(['library-hours', 'campus-card-lost'].map((id) => `📖 ${entry(id).question.en}`));
    expect(amy[2]!.buttons).toEqual([['Talk to a counsellor (anonymous)', 'Not now']]);
    const zhao = to(r, 'private:zhao');
    expect(zhao[0]!.text).toMatch(/^请确认要提交的内容：\n类型：报修/);
    expect(zhao[2]!.text).toMatch(/^要匿名提交吗？/); // the complaint's intake
    expect(zhao[4]!.text).toContain('12356');
    expect(rows(dbPath, 'select count(*) as n from tickets')).toEqual([{ n: 0 }]);
    expect(rows(dbPath, 'select kind, status from cases')).toEqual([{ kind: 'crisis', status: 'open' }]); // the crisis is a counselling case
  });

  it('hands "ask a person" to the entry\'s department with the question filled in', async () => {
    const dbPath = freshDb();
    const r = await simulate([
      ...people, say('amy', 'I lost my student card'), press('amy', 'Ask a person'), press('amy', 'With my name'), press('amy', 'Submit'),
    ], { dbPath });
    const amy = to(r, 'private:amy');
    expect(amy[2]!.text).toContain('Description: I lost my student card');
    expect(amy[2]!.text).toContain('Department: Logistics Services');
    expect(rows(dbPath, 'select kind, department_id, description from tickets')).toEqual([
      { kind: 'question', department_id: 'logistics', description: 'I lost my student card' },
    ]);
    expect(to(r, 'group:staff-logistics')).toHaveLength(1);
    expect(rows(dbPath, 'select entry_id, outcome, helped from faq_asks')).toEqual([{ entry_id: 'campus-card-lost', outcome: 'answered', helped: 0 }]);
  });

  it('offers the closest entries when unsure, and a question none of them answers goes to the department the student picks, text kept', async () => {
    const dbPath = freshDb();
    const q = '毕业典礼什么时候举行';
    const r = await simulate([
      ...people, say('li', `/faq ${q}`), press('li', '都不是，找老师问问'), press('li', '学业教务'), press('li', '实名提交'), press('li', '确认提交'),
    ], { dbPath });
    const li = to(r, 'private:li');
    expect(li[0]!.text).toBe('我不太确定你问的是哪一条，是下面这些吗？');
    expect(li[0]!.buttons!.at(-1)).toEqual(['都不是，找老师问问']);
    expect(li[0]!.buttons!.length).toBeGreaterThanOrEqual(2);
    const tickets = rows(dbPath, 'select kind, department_id, description from tickets');
    expect(tickets).toEqual([{ kind: 'question', department_id: 'academic_affairs', description: q }]);
  });

  it('does not answer a question about something it has no entry for as the entry that shares its frame: "游泳馆几点开门" gets choices and "ask a person", not the library\'s hours', async () => {
    const dbPath = freshDb();
    const r = await simulate([
      ...people, say('li', '游泳馆几点开门'), say('li', '/faq 体育馆几点关门'), say('amy', 'when does the swimming pool open?'),
      say('li', '图书馆几点开门'), say('amy', 'what time does the canteen open?'),
    ], { dbPath });
    const unsure = { text: '我不太确定你问的是哪一条，是下面这些吗？', buttons: expect.arrayContaining([['都不是，找老师问问']]) };
    expect(to(r, 'private:li').slice(0, 2)).toEqual([expect.objectContaining(unsure), expect.objectContaining(unsure)]);
    expect(to(r, 'private:amy')[0]!.text.startsWith('📖')).toBe(false);
    expect(to(r, 'private:amy')[0]!.buttons!.at(-1)).toEqual(['None of these: ask a person']);
    // The place it is about is what decides: the library and the canteen are still answered outright.
    expect(heads(to(r, 'private:li')).at(-1)).toBe(`📖 ${entry('library-hours').question['zh-CN']}`);
    expect(heads(to(r, 'private:amy')).at(-1)).toBe(`📖 ${entry('canteen-hours').question.en}`);
    expect(rows(dbPath, "select count(*) n from faq_asks where outcome = 'answered'")).toEqual([{ n: 2 }]);
  });

  it('opens an offered entry, and counts one "this helped" however often it is pressed', async () => {
    const q = say('li', '/faq 毕业典礼什么时候举行');
    const first = to(await simulate([...people, q]), 'private:li')[0]!.buttons![0]![0]!;
    const dbPath = freshDb();
    const r = await simulate([...people, q, press('li', first), press('li', '这个有帮助'), press('li', '这个有帮助')], { dbPath });
    expect(to(r, 'private:li')[1]!.text.startsWith(`📖 ${first}`)).toBe(true);
    expect(r.out.filter((l) => l.notice).map((l) => l.text)).toEqual(['谢谢反馈，很高兴帮上忙 🙂', '已经记下了，谢谢。']);
    expect(rows(dbPath, 'select outcome, chosen_id is not null chosen, helped from faq_asks')).toEqual([{ outcome: 'choices', chosen: 1, helped: 1 }]);
  });

  it('answers a question asked of the bot in a group in the group, only the asker can press its buttons, and ignores one not addressed', async () => {
    const dbPath = freshDb();
    const G = 'group:class-2301';
    const r = await simulate([
      ...people, say('li', '图书馆几点关门', G), say('li', '快递站在哪', G, { mention: true }), press('zhao', '这个有帮助', G),
    ], { dbPath });
    expect(heads(to(r, G).filter((l) => !l.notice))).toEqual([`📖 ${entry('parcel-station').question['zh-CN']}`]);
    expect(r.out.filter((l) => l.notice && l.for === 'zhao')).toHaveLength(1);
    expect(rows(dbPath, 'select helped from faq_asks')).toEqual([{ helped: null }]);
  });

  it('says clearly what is wrong with an empty or a 5,000-character question, in the asker\'s language', async () => {
    const r = await simulate([...people, say('li', '/faq'), say('amy', '/faq'), say('li', `/faq ${'图'.repeat(5000)}`), say('amy', `/faq ${'a'.repeat(5000)}`)]);
    expect(to(r, 'private:li').map((l) => l.text)).toEqual([
      '请在 /faq 后面写上你的问题，例如：/faq 图书馆几点关门', '问题太长了（5000 字），请控制在 500 字以内，只写想问的那一件事。',
    ]);
    expect(to(r, 'private:amy').map((l) => l.text)).toEqual([
      'Write your question after /faq, for example: /faq what time does the library close?',
      'That question is too long (5000 characters). Please keep it under 500 and ask one thing at a time.',
    ]);
  });

  it('lists the entries with their departments', async () => {
    const r = await simulate([...people, say('amy', '/faq list')]);
    const text = to(r, 'private:amy')[0]!.text;
    expect(text.split('\n')[0]).toBe(`Frequent questions (${faq.length}):`);
    expect(text).toContain(`• library-hours | ${pick(entry('library-hours').question, 'en')} (Academic Affairs Office)`);
  });
});
