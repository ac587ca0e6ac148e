import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../../../test/harness.js';

const COUNSELLING = 'group:staff-counselling';
const people = [person('li', '李华', { groups: ['class-2301'] }), person('amy', 'Amy', { locale: 'en' }), person('xu', '徐老师', { roles: ['staff'], department: 'counselling' })];

describe('crisis detection', () => {
  it('answers a high-risk message at once with the resources and raises an urgent anonymous alert', async () => {
    const r = await simulate([...people, say('li', '我真的不想活了，今晚就想结束这一切')]);
    const li = to(r, 'private:li');
    expect(li).toHaveLength(1);
    expect(li[0]!.text).toMatch(/^你现在的安全最重要。[\s\S]*☎️ 全国心理援助热线 12356\n☎️ 报警 110\n☎️ 急救 120/);
    expect(li[0]!.buttons).toEqual([['让老师知道我是谁']]);
    const alert = to(r, COUNSELLING)[0]!;
    expect(alert.text).toMatch(/^🚨 危机预警（高风险），请尽快联系\nT-1 · 咨询 · 心理健康 · 紧急\n提交人：匿名同学 #[0-9A-F]{4}\n内容：我真的不想活了/);
    expect(alert.text).not.toContain('李华');
    expect(r.out.map((l) => l.to)).toEqual(['private:li', COUNSELLING]); // the student's answer goes before anything else
    expect(r.out.every((l) => l.at === r.out[0]!.at)).toBe(true);
  });

  it('lets the student reveal who they are, and relays what they write next to the counsellor', async () => {
    const r = await simulate([...people, say('li', '不想活了'), say('li', '最近一直失眠'), press('li', '让老师知道我是谁')]);
    const staff = to(r, COUNSELLING).map((l) => l.text);
    expect(staff[1]).toMatch(/^💬 T-1 · 匿名同学 #[0-9A-F]{4} 回复：\n最近一直失眠$/);
    expect(staff[2]).toMatch(/^🔓 T-1 的匿名同学 #[0-9A-F]{4} 同意让老师知道身份：李华$/);
    expect(to(r, 'private:li').map((l) => l.text).slice(1)).toEqual(['已转达给 T-1 的处理老师。', '谢谢你的信任。老师会看到你的名字并尽快联系你。']);
  });

  it('checks in gently on hopelessness and opens an anonymous case only when asked', async () => {
    const r = await simulate([...people, say('amy', "I feel like there's no point in anything anymore"), press('amy', 'Talk to a counsellor (anonymous)'), say('amy', 'I just feel alone')]);
    const amy = to(r, 'private:amy').map((l) => l.text);
    expect(amy[0]).toMatch(/^It sounds like things have been really hard lately/);
    expect(amy[1]).toBe('OK, a counsellor has your message (T-1); their replies reach you through me. You can write to them here right away.');
    expect(amy[2]).toBe('Passed on to the staff handling T-1.');
    expect(to(r, COUNSELLING)[0]!.text).toMatch(/^⚠️ 情绪关怀（学生主动求助）\nT-1 · 咨询 · 心理健康 · 普通\n提交人：匿名同学/);
  });

  it('files nothing when the student says they are fine', async () => {
    const r = await simulate([...people, say('amy', 'honestly what is the point of living'), press('amy', "I'm OK, thanks"), say('amy', 'thanks')]);
    expect(to(r, COUNSELLING)).toEqual([]);
    expect(to(r, 'private:amy')[1]!.text).toMatch(/^OK\. Whenever you want to talk/);
  });

  it('gives a group the safe answer and the student the rest privately', async () => {
    const r = await simulate([...people, say('li', '/start'), say('li', '我想跳楼', 'group:class-2301', { mention: true })]);
    expect(to(r, 'group:class-2301').map((l) => l.text)).toEqual(['如果你或身边的人正处在危险中，请马上拨打：\n☎️ 全国心理援助热线 12356\n☎️ 报警 110\n☎️ 急救 120\n我私信了你，想聊的话我一直在。']);
    expect(to(r, 'private:li').at(-1)!.text).toMatch(/^你现在的安全最重要/);
    expect(to(r, COUNSELLING)).toHaveLength(1);
  });

  it('stays quiet about hyperbole', async () => {
    const r = await simulate([...people, say('li', '累死了，这周作业好多'), say('li', '笑死我了哈哈哈'), say('amy', 'this exam is killing me lol'), say('li', '饿死了 食堂几点开门')]);
    expect(to(r, COUNSELLING)).toEqual([]);
    for (const l of r.out) expect(l.text).not.toMatch(/12356/);
  });
});

describe('asking for a counsellor', () => {
  it('puts the anonymous case one press away, privately even when asked in a group', async () => {
    const r = await simulate([
      ...people,
      say('amy', 'I want to talk to a counsellor'), press('amy', 'Talk to a counsellor (anonymous)'),
      say('li', '我想找心理老师聊聊', 'group:class-2301', { mention: true }),
    ]);
    const amy = to(r, 'private:amy');
    expect(amy[0]!.text).toMatch(/^Of course\. Press the button below/);
    expect(amy[0]!.buttons).toEqual([['Talk to a counsellor (anonymous)', 'Not now']]);
    expect(amy[1]!.text).toMatch(/^OK, a counsellor has your message \(T-1\)/);
    expect(to(r, COUNSELLING)[0]!.text).toMatch(/^⚠️ 情绪关怀（学生主动求助）\nT-1 · 咨询 · 心理健康 · 普通\n提交人：匿名同学 #[0-9A-F]{4}\n内容：I want to talk to a counsellor/);
    expect(to(r, 'group:class-2301').map((l) => l.text)).toEqual(['我私信你了，在私聊里就可以匿名和老师聊。']);
    expect(to(r, 'private:li')[0]!.buttons).toEqual([['和老师聊聊（匿名）', '先不用了']]);
  });
});
