/**
 * Crisis first: a high-risk message gets the resources at once and an alert on a counselling case
 * (not a ticket) under an alias; hopelessness gets a caring check-in and a case only when asked;
 * a group sees only the resources.
 */
import { describe, expect, it } from 'vitest';
import { press, say, simulate, to } from '../../../test/harness.js';
import { CENTRE, PEOPLE, rows, texts, tmpDb } from './cases.fixtures.js';

describe('a student in crisis', () => {
  it('gets the resources at once, and the counselling centre an alert under an alias', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...PEOPLE, say('li', '我真的不想活了，今晚就想结束这一切')], { dbPath });
    const li = to(r, 'private:li');
    expect(li).toHaveLength(1);
    expect(li[0]!.text).toMatch(/^你现在的安全最重要。[\s\S]*☎️ 全国心理援助热线 12356\n☎️ 报警 110\n☎️ 急救 120/);
    expect(li[0]!.buttons).toEqual([['让老师知道我是谁']]);
    expect(texts(r, CENTRE)[0]).toMatch(/^🚨 危机预警（高风险） C-1\n匿名同学 #[0-9A-F]{4}：\n我真的不想活了/);
    for (const l of r.out.filter((x) => x.to !== 'private:li')) expect(l.text).not.toContain('李华');
    expect(rows(dbPath, 'select kind, status from cases')).toEqual([{ kind: 'crisis', status: 'open' }]);
    expect(rows(dbPath, 'select count(*) as n from tickets')).toEqual([{ n: 0 }]);
  });

  it('may reveal who they are, and what they write next reaches the counsellors', async () => {
    const r = await simulate([...PEOPLE, say('li', '不想活了'), say('li', '最近一直失眠'), press('li', '让老师知道我是谁')]);
    const staff = texts(r, CENTRE);
    expect(staff[1]).toMatch(/^💬 C-1 · 匿名同学 #[0-9A-F]{4}：\n最近一直失眠$/);
    expect(staff[2]).toMatch(/^🔓 C-1 的匿名同学 #[0-9A-F]{4}同意让老师知道身份：李华$/);
    expect(texts(r, 'private:li').slice(1)).toEqual(['已转达给心理老师。', '谢谢你的信任。老师会看到你的名字并尽快联系你。']);
  });

  it('who feels hopeless gets a gentle check-in, and a case only when they ask', async () => {
    const r = await simulate([...PEOPLE, say('amy', "I feel like there's no point in anything anymore"), press('amy', 'Talk to a counsellor (anonymous)'), say('amy', 'I just feel alone')]);
    const amy = texts(r, 'private:amy');
    expect(amy[0]).toMatch(/^It sounds like things have been really hard lately/);
    expect(amy[1]).toMatch(/^OK\. What you send me now goes to a counsellor anonymously/);
    expect(amy[2]).toBe('Passed on to the counsellor.');
    expect(texts(r, CENTRE)).toEqual([
      expect.stringMatching(/^💬 新的匿名倾诉 C-1 · 匿名同学 #[0-9A-F]{4}：\nI feel like there's no point in anything anymore$/),
      expect.stringMatching(/^💬 C-1 · 匿名同学 #[0-9A-F]{4}：\nI just feel alone$/),
    ]);
  });

  it('who says they are fine has nothing filed', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...PEOPLE, say('amy', 'honestly what is the point of living'), press('amy', "I'm OK, thanks"), say('amy', 'thanks')], { dbPath });
    expect(texts(r, CENTRE)).toEqual([]);
    expect(texts(r, 'private:amy')[1]).toMatch(/^OK\. Whenever you want to talk/);
    expect(rows(dbPath, 'select count(*) as n from cases')).toEqual([{ n: 0 }]);
  });

  it('in a group: the group sees only the resources, the student the rest privately', async () => {
    const r = await simulate([...PEOPLE, say('li', '/start'), say('li', '我想跳楼', 'group:class-2301', { mention: true })]);
    expect(texts(r, 'group:class-2301')).toEqual(['如果你或身边的人正处在危险中，请马上拨打：\n☎️ 全国心理援助热线 12356\n☎️ 报警 110\n☎️ 急救 120\n我私信了你，想聊的话我一直在。']);
    expect(texts(r, 'private:li').at(-1)).toMatch(/^你现在的安全最重要/);
    expect(texts(r, CENTRE)).toHaveLength(1);
  });
});

describe('asking for a counsellor', () => {
  it('puts the anonymous case one press away, privately even when asked in a group', async () => {
    const r = await simulate([
      ...PEOPLE,
      say('amy', 'I want to talk to a counsellor'), press('amy', 'Talk to a counsellor (anonymous)'),
      say('li', '我想找心理老师聊聊', 'group:class-2301', { mention: true }),
    ]);
    expect(to(r, 'private:amy')[0]).toMatchObject({ text: expect.stringMatching(/^Of course\. Press the button below/), buttons: [['Talk to a counsellor (anonymous)', 'Not now']] });
    expect(texts(r, CENTRE)[0]).toMatch(/^💬 新的匿名倾诉 C-1 · 匿名同学 #[0-9A-F]{4}：\nI want to talk to a counsellor$/);
    expect(texts(r, 'group:class-2301')).toEqual(['我私信你了，在私聊里就可以匿名和老师聊。']);
    expect(to(r, 'private:li')[0]!.buttons).toEqual([['和老师聊聊（匿名）', '先不用了']]);
  });
});
