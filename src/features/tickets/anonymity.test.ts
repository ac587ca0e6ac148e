/**
 * Anonymity in every intake path: a command, plain words, a photo first, a request told in a
 * group. Each confirmation card offers the switch, words asking for anonymity preset it, and the
 * staff card of an anonymous ticket shows only the alias.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../../../test/pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to, type SimResult } from '../../../test/harness.js';

const LOGISTICS = 'group:staff-logistics';
const AFFAIRS = 'group:staff-student_affairs';
const people = [
  person('li', '李华', { groups: ['class-2301'] }),
  person('amy', 'Amy Chen', { locale: 'en', groups: ['class-2301'] }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-anon-')), 'y.db');
const ticketRows = (dbPath: string) => openTestDatabase(dbPath, { readonly: true }).prepare('select reporter_id, anonymous from tickets order by id').all();
const photo = (from: string, ref: string) => ({ from, chat: 'private', photos: [ref] });

/** Every staff-facing line names the reporter by alias only. */
function expectOnlyAlias(r: SimResult, staffChat: string, names: string[]): void {
  const card = to(r, staffChat).find((l) => !l.edit)!;
  expect(card.text).toMatch(/\n提交人：匿名同学 #[0-9A-F]{4}\n/);
  for (const l of r.out.filter((o) => o.to.startsWith('group:staff-'))) {
    for (const name of names) expect(l.text).not.toContain(name);
  }
}

describe('a command', () => {
  it('presets anonymity from its words, shows it on the confirmation, and can switch back', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...people, say('li', '/feedback 匿名：宿管阿姨晚上查房态度很凶'), // its words give the category too: straight to the confirmation
      press('li', '改为实名'), press('li', '改为匿名'), press('li', '确认提交'),
    ], { dbPath });
    const li = to(r, 'private:li');
    expect(li[0]).toMatchObject({ text: expect.stringMatching(/\n类别：服务质量\n[\s\S]*\n身份：匿名\n/), buttons: [['确认提交', '添加照片', '取消'], ['改为实名']] });
    expect(li[1]).toMatchObject({ edit: true, text: expect.stringContaining('\n身份：实名\n'), buttons: [['确认提交', '添加照片', '取消'], ['改为匿名']] });
    expect(li[2]).toMatchObject({ edit: true, text: expect.stringContaining('\n身份：匿名\n') });
    expect(li[3]!.text).toMatch(/^已提交！单号 T-1/);
    expect(ticketRows(dbPath)).toEqual([{ reporter_id: 1, anonymous: 1 }]);
    expectOnlyAlias(r, AFFAIRS, ['李华', 'li']);
  });

  it('without such words asks, and the confirmation still offers the switch', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...people, say('li', '/repair'), press('li', '设施设备'), say('li', '3号楼502 灯不亮'), press('li', '跳过'),
      press('li', '实名提交'), press('li', '改为匿名'), press('li', '确认提交'),
    ], { dbPath });
    expect(to(r, 'private:li').map((l) => l.text)).toContainEqual(expect.stringMatching(/^要匿名提交吗？/));
    expect(ticketRows(dbPath)).toEqual([{ reporter_id: 1, anonymous: 1 }]);
    expectOnlyAlias(r, LOGISTICS, ['李华']);
  });
});

describe('plain words', () => {
  it('asking for anonymity file an anonymous repair', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, say('li', '3号楼502热水器坏了，匿名反映一下'), press('li', '确认提交')], { dbPath });
    expect(to(r, 'private:li')[0]).toMatchObject({ text: expect.stringContaining('\n身份：匿名\n'), buttons: [['确认提交', '添加照片', '取消'], ['改为实名']] });
    expect(ticketRows(dbPath)).toEqual([{ reporter_id: 1, anonymous: 1 }]);
    expectOnlyAlias(r, LOGISTICS, ['李华']);
  });

  it('in English ("don\'t tell them my name") do the same', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, say('amy', "The AC in Building 7 room 215 is leaking, don't tell them my name"), press('amy', 'Submit')], { dbPath });
    expect(to(r, 'private:amy')[0]).toMatchObject({ text: expect.stringContaining('\nIdentity: anonymous\n'), buttons: [['Submit', 'Add a photo', 'Cancel'], ['Use my name']] });
    expect(ticketRows(dbPath)).toEqual([{ reporter_id: 2, anonymous: 1 }]);
    expectOnlyAlias(r, LOGISTICS, ['Amy', 'amy']);
  });

  it('without such words start named, and the student can switch before submitting', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, say('li', '3号楼502的灯坏了'), press('li', '改为匿名'), press('li', '确认提交')], { dbPath });
    const li = to(r, 'private:li');
    expect(li[0]).toMatchObject({ text: expect.stringContaining('\n身份：实名\n'), buttons: [['确认提交', '添加照片', '取消'], ['改为匿名']] });
    expect(li[1]).toMatchObject({ edit: true, text: expect.stringContaining('\n身份：匿名\n'), buttons: [['确认提交', '添加照片', '取消'], ['改为实名']] });
    expect(ticketRows(dbPath)).toEqual([{ reporter_id: 1, anonymous: 1 }]);
    expectOnlyAlias(r, LOGISTICS, ['李华']);
  });
});

describe('a photo first', () => {
  it('keeps the words said with it, so "不要告诉他们我是谁" presets anonymity', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...people, photo('li', 'leak.jpg'), say('li', '7号楼215空调漏水，不要告诉他们我是谁'), press('li', '报修'), press('li', '确认提交'),
    ], { dbPath });
    expect(to(r, 'private:li')[2]).toMatchObject({ text: expect.stringContaining('\n身份：匿名\n'), buttons: [['确认提交', '取消'], ['改为实名']] });
    expect(ticketRows(dbPath)).toEqual([{ reporter_id: 1, anonymous: 1 }]);
    expect(to(r, LOGISTICS)[0]!.photos).toEqual(['leak.jpg']);
    expectOnlyAlias(r, LOGISTICS, ['李华']);
  });

  it('offers the switch when nothing was said about it', async () => {
    const r = await simulate([...people, photo('li', 'leak.jpg'), say('li', '7号楼215空调漏水'), press('li', '报修')]);
    expect(to(r, 'private:li')[2]).toMatchObject({ text: expect.stringContaining('\n身份：实名\n'), buttons: [['确认提交', '取消'], ['改为匿名']] });
  });
});

describe('a request told in a group', () => {
  it('continues privately with the choice preset from its words, and the group sees neither', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...people, say('amy', '/start'),
      say('amy', 'the water heater in Building 7 room 215 is broken, please report it anonymously', 'group:class-2301', { mention: true }),
      press('amy', 'Submit'),
    ], { dbPath });
    expect(to(r, 'group:class-2301').map((l) => l.text)).toEqual(["I've sent you a private message; let's continue there so the details stay out of the group."]);
    expect(to(r, 'private:amy')[1]).toMatchObject({ text: expect.stringContaining('\nIdentity: anonymous\n'), buttons: [['Submit', 'Add a photo', 'Cancel'], ['Use my name']] });
    expect(ticketRows(dbPath)).toEqual([{ reporter_id: 2, anonymous: 1 }]);
    expectOnlyAlias(r, LOGISTICS, ['Amy', 'amy']);
  });
});
