/**
 * Whose risk it is decides the answer: danger to people gets the emergency number and what to do
 * at once, with urgent alerts to campus security and counselling; a friend at risk gets guidance on
 * how to help and a counsellor alert marked as a worry about someone else; wellbeing (stress,
 * sleep, loneliness, homesickness, exams, a breakup) gets a caring answer with the anonymous
 * counsellor, never a repair form and never silence. Hyperbole stays quiet.
 */
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../../../test/harness.js';
import { CENTRE, PEOPLE, rows, SECURITY, texts, tmpDb } from './cases.fixtures.js';

const students = [person('wu', '吴同学'), person('ed', 'Ed', { locale: 'en' })];

describe('danger to others', () => {
  it('in Chinese: 110 and what to do at once, campus security and counselling alerted as urgent', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...PEOPLE, ...students, say('wu', '宿舍楼走廊里有人拿着刀在追人，好多人在跑')], { dbPath });
    expect(r.out[0]).toMatchObject({ to: 'private:wu', text: expect.stringMatching(/^如果有人正处在危险中，请马上拨打 110 报警。\n先保护好自己：离开危险的地方/) });
    expect(texts(r, 'private:wu')[0]).toContain('我已经把这件事紧急通知了保卫处和心理中心。');
    expect(texts(r, SECURITY)).toEqual([expect.stringMatching(/^🚨 紧急：有同学报告危及他人安全的情况（C-1）\n宿舍楼走廊里有人拿着刀在追人，好多人在跑\n报告人：匿名同学 #[0-9A-F]{4}（已建议报警 110；心理中心也已收到）$/)]);
    expect(texts(r, CENTRE)[0]).toMatch(/^🚨 危及他人安全（已建议报警 110） C-1\n/);
    for (const t of [...texts(r, SECURITY), ...texts(r, CENTRE)]) expect(t).not.toContain('吴同学');
    expect(rows(dbPath, 'select c.kind, a.concern, a.level from cases c join case_alerts a on a.case_id = c.id')).toEqual([{ kind: 'danger', concern: 'danger', level: 'high' }]);
    expect(rows(dbPath, 'select count(*) as n from tickets')).toEqual([{ n: 0 }]); // not a repair
  });

  it('in English, and in a group: the emergency answer where it was said', async () => {
    const r = await simulate([...PEOPLE, ...students, say('ed', 'someone has a knife in the library and is threatening people', 'group:class-2301', { mention: true })]);
    expect(texts(r, 'group:class-2301')).toEqual([expect.stringMatching(/^If someone is in danger, call the police now: 110\.\nKeep yourself safe first/)]);
    expect(texts(r, 'group:class-2301')[0]).toContain('I have alerted Campus Security and the counselling centre urgently.');
    expect(texts(r, SECURITY)).toHaveLength(1);
    expect(texts(r, CENTRE)[0]).toMatch(/^🚨 危及他人安全（已建议报警 110） C-1/);
  });
});

describe('a worry about someone else', () => {
  it('in Chinese: how to help a friend, and an alert marked as not the sender\'s own crisis', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...PEOPLE, ...students, say('wu', '我室友跟我说她不想活了，我很担心她')], { dbPath });
    const wu = texts(r, 'private:wu');
    expect(wu[0]).toMatch(/^谢谢你告诉我，你的朋友有你在身边很重要。\n如果 TA 现在就有危险/);
    expect(wu[0]).toContain('可以直接问 TA 是不是想伤害自己');
    expect(wu[0]).toContain('（我标明了是你在担心别人，不是你自己的危机。）');
    expect(wu[0]).not.toMatch(/^你现在的安全最重要/); // not treated as the sender's own crisis
    expect(texts(r, CENTRE)[0]).toMatch(/^🟠 同学担心他人（不是发信人自己的危机） C-1\n匿名同学 #[0-9A-F]{4}：\n我室友跟我说她不想活了/);
    expect(rows(dbPath, 'select c.kind, a.concern from cases c join case_alerts a on a.case_id = c.id')).toEqual([{ kind: 'concern', concern: 'other' }]);
  });

  it('in English', async () => {
    const r = await simulate([...PEOPLE, ...students, say('ed', 'my friend said she wants to kill herself')]);
    expect(texts(r, 'private:ed')[0]).toMatch(/^Thank you for telling me; it matters that your friend has you\./);
    expect(texts(r, 'private:ed')[0]).toContain("(I marked it as your worry about someone else, not your own crisis.)");
    expect(texts(r, CENTRE)[0]).toMatch(/^🟠 同学担心他人（不是发信人自己的危机） C-1/);
  });
});

describe('wellbeing', () => {
  it('gets a caring answer with the anonymous counsellor, in Chinese and English, and files nothing until asked', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...PEOPLE, ...students,
      say('wu', '我最近压力很大，睡不着'), say('ed', "I've been so lonely and homesick since term started"),
      say('li', '这次期末挂科了，好难过'), say('amy', 'I just went through a breakup and I can\'t focus on anything'),
    ], { dbPath });
    expect(to(r, 'private:wu')[0]).toMatchObject({ text: expect.stringMatching(/^听起来你最近压力不小，谢谢你愿意说出来。/), buttons: [['和老师聊聊（匿名）', '先不用了']] });
    expect(to(r, 'private:ed')[0]).toMatchObject({ text: expect.stringMatching(/^It sounds like a lot is weighing on you lately\./), buttons: [['Talk to a counsellor (anonymous)', 'Not now']] });
    expect(texts(r, 'private:li')[0]).toMatch(/^听起来你最近压力不小/);
    expect(texts(r, 'private:amy')[0]).toMatch(/^It sounds like a lot is weighing on you lately/);
    expect(texts(r, CENTRE)).toEqual([]);
    expect(rows(dbPath, 'select count(*) as n from cases')).toEqual([{ n: 0 }]);
    expect(rows(dbPath, 'select count(*) as n from tickets')).toEqual([{ n: 0 }]); // not a repair
  });

  it('opens an anonymous case with the words that led there when the student asks', async () => {
    const r = await simulate([...PEOPLE, ...students, say('wu', '我最近压力很大，睡不着'), press('wu', '和老师聊聊（匿名）')]);
    expect(texts(r, CENTRE)).toEqual([expect.stringMatching(/^💬 新的匿名倾诉 C-1 · 匿名同学 #[0-9A-F]{4}：\n我最近压力很大，睡不着$/)]);
    expect(texts(r, 'private:wu').at(-1)).toMatch(/^好的。你现在发给我的话，会匿名转给心理中心的老师/);
  });

  it('asking to book counselling offers a counsellor now (bookings come later)', async () => {
    const r = await simulate([...PEOPLE, ...students, say('wu', '我想预约心理咨询')]);
    expect(to(r, 'private:wu')[0]).toMatchObject({ text: expect.stringMatching(/^心理咨询的预约功能还在建设中。不过现在就可以匿名和心理中心的老师聊/), buttons: [['和老师聊聊（匿名）', '先不用了']] });
  });

  it('leaves hyperbole alone', async () => {
    const r = await simulate([...PEOPLE, ...students, say('wu', '累死了，这周作业好多'), say('ed', 'this exam is killing me lol'), say('wu', '笑死我了哈哈哈')]);
    expect(texts(r, CENTRE)).toEqual([]);
    for (const l of r.out) expect(l.text).not.toMatch(/12356|counsellor|心理/);
  });
});
