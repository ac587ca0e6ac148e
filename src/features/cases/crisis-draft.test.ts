/**
 * A crisis typed while a repair is being described is answered as a crisis (first, with its
 * alert), and the repair is not lost: the draft is kept, the answer says how to go on with it, and
 * everyday descriptions ("走廊灯一直闪", "整层楼都这样") are just descriptions.
 */
import { describe, expect, it } from 'vitest';
import { press, say, simulate, to } from '../../../test/harness.js';
import { CENTRE, PEOPLE, rows, tmpDb } from './cases.fixtures.js';

const describing = (who: string) => (who === 'li' ? [say(who, '/repair'), press(who, '设施设备')] : [say(who, '/repair'), press(who, 'Facilities')]);

describe('a repair being described', () => {
  it('takes "走廊灯一直闪" and "整层楼都这样" as what they are: the repair goes on, no counsellor is alerted', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...PEOPLE, ...describing('li'), say('li', '走廊灯一直闪'), say('li', '整层楼都这样')], { dbPath });
    expect(to(r, CENTRE)).toEqual([]);
    expect(to(r, 'private:li').map((l) => l.text).join('\n')).not.toContain('心理');
    expect(rows(dbPath, `select data from conversations`)).toEqual([{ data: expect.stringContaining('"description":"走廊灯一直闪"') }]);
    expect(rows(dbPath, 'select count(*) as n from cases')).toEqual([{ n: 0 }]);
  });

  it('a crisis in the description is answered as a crisis first, and the repair is kept to go on with', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...PEOPLE, ...describing('li'), say('li', '灯坏了，我真的不想活了'), press('li', '继续填写报修'), say('li', '3号楼502的灯坏了')], { dbPath });
    const answer = to(r, 'private:li').at(-3)!;
    expect(answer.text).toMatch(/^你现在的安全最重要。[\s\S]*☎️ 全国心理援助热线 12356[\s\S]*你刚才填写的报修已经保留，没有丢。等你准备好了，点「继续填写报修」就能接着填。$/);
    expect(answer.buttons).toEqual([['让老师知道我是谁'], ['继续填写报修']]);
    expect(to(r, CENTRE)[0]!.text).toMatch(/^🚨 危机预警（高风险） C-1/);
    expect(rows(dbPath, 'select kind, status from cases')).toEqual([{ kind: 'crisis', status: 'open' }]);

    expect(to(r, 'private:li').at(-2)!.text).toContain('描述');
    expect(rows(dbPath, `select feature, name, data from conversations`)).toEqual([
      { feature: 'tickets', name: 'intake', data: expect.stringContaining('"description":"3号楼502的灯坏了"') },
    ]);
  });

  it('a gentle check-in keeps the repair too: "I\'m OK" goes back to it, and so does the next thing typed', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...PEOPLE, ...describing('amy'), say('amy', "I can't go on"), press('amy', "I'm OK, thanks")], { dbPath });
    const amy = to(r, 'private:amy');
    expect(amy.at(-3)!.text).toMatch(/^It sounds like things have been really hard lately[\s\S]*The repair you were filling in is kept\. Whenever you are ready, press "Continue the repair" to go on with it\.$/);
    expect(amy.at(-3)!.buttons).toEqual([['Talk to a counsellor (anonymous)', "I'm OK, thanks"], ['Continue the repair']]);
    expect(amy.at(-1)!.text).toMatch(/describe/i);
    expect(rows(dbPath, `select feature, name from conversations`)).toEqual([{ feature: 'tickets', name: 'intake' }]);

    const typedDb = tmpDb();
    const typed = await simulate([...PEOPLE, ...describing('amy'), say('amy', "I can't go on"), say('amy', 'the corridor light on floor 3 of Building 7 keeps flickering')], { dbPath: typedDb });
    expect(to(typed, 'private:amy').at(-1)!.text).not.toMatch(/describe/i);
    expect(rows(typedDb, `select feature, name, data from conversations`)).toEqual([
      { feature: 'tickets', name: 'intake', data: expect.stringContaining('"description":"the corridor light on floor 3 of Building 7 keeps flickering"') },
    ]);
    expect(rows(typedDb, 'select count(*) as n from cases')).toEqual([{ n: 0 }]);
  });
});
