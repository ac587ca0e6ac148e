import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractLocation } from './slots/location.js';

const FORMS: [string, { building?: string; room?: string }][] = [
  ['3号楼502空调坏了', { building: '3号楼', room: '502' }],
  ['东区7栋312的灯管闪个不停', { building: '东区7栋', room: '312' }],
  ['紫荆2号楼 411室 卫生间漏水', { building: '紫荆2号楼', room: '411' }],
  ['10-305 灯不亮了', { building: '10', room: '305' }],
  ['B3-502 的空调开不了', { building: 'B3', room: '502' }],
  ['12#楼305的热水器漏水', { building: '12#楼', room: '305' }],
  ['Building 7 room 215, the water heater is broken', { building: 'Building 7', room: '215' }],
  ['Bldg 5 rm 210 toilet is clogged', { building: 'Bldg 5', room: '210' }],
  ['教学楼A座302的投影仪坏了', { building: '教学楼A座', room: '302' }],
  ['图书馆三楼的插座都没电', { building: '图书馆' }],
  ['二食堂的饮水机坏了', { building: '二食堂' }],
  ['南苑5栋208，洗衣机漏水', { building: '南苑5栋', room: '208' }],
  ['西区宿舍6号楼的热水一直不来', { building: '西区宿舍6号楼' }],
  ['我住紫荆2号楼411', { building: '紫荆2号楼', room: '411' }],
  ['帮我报个修，412室的灯坏了', { room: '412' }],
  ['please send a technician to room 312', { room: '312' }],
  ['Dorm B, room 118, the radiator leaks', { building: 'Dorm B', room: '118' }],
  ['ＢＵＩＬＤＩＮＧ ７ ＲＯＯＭ ２１５', { building: 'BUILDING 7', room: '215' }],
  ['北区3栋的电梯不动了', { building: '北区3栋' }],
  ['宿舍的灯坏了', {}],
  ['12号楼 3楼 305 灯不亮', { building: '12号楼', room: '305' }],
  ['研究生公寓3号楼204', { building: '研究生公寓3号楼', room: '204' }],
  ['15栋B座402', { building: '15栋B座', room: '402' }],
  ['梅园5舍312', { building: '梅园5舍', room: '312' }],
  ['East Hall room 210', { building: 'East Hall', room: '210' }],
  ['my room number is 512 in dorm 3', { building: 'dorm 3', room: '512' }],
  ['我要投诉三食堂，饭菜太难吃了', { building: '三食堂' }],
  ['建议食堂增加素食窗口', { building: '食堂' }],
  ['建议期末周图书馆24小时开放', { building: '图书馆' }],
  ['另外3号楼502的窗户也坏了', { building: '3号楼', room: '502' }],
  ['另外东区7栋312也是', { building: '东区7栋', room: '312' }],
];

const NOT_LOCATIONS = [
  '3-4点有课', '下午3点到4点', '2026-12-01', '12-01', '2026/12/01', '15:30', '13812345678', '138-1234-5678',
  '021-12345678', '300元', '¥1200', '考了98分', '比分3:2', 'T-12', 'T-305', '#45', 'the exam is 10-12am', '明天下午3点半',
];

describe('extractLocation', () => {
  it.each(FORMS)('reads %j', (text, expected) => {
    expect(extractLocation(text)).toEqual(expected);
  });

  it.each(NOT_LOCATIONS)('finds no location in %j', (text) => {
    expect(extractLocation(text)).toEqual({});
  });

  const pad = (n: number) => String(n).padStart(2, '0');
  const timeLike = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${h}:${pad(m)}`),
    fc.tuple(fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 12 })).map(([a, b]) => `${a}-${b}点`),
    fc.tuple(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`),
    fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([m, d]) => `${pad(m)}-${pad(d)}`),
    fc.stringMatching(/^1[3-9]\d{9}$/),
    fc.stringMatching(/^1[3-9]\d-\d{4}-\d{4}$/),
    fc.stringMatching(/^0\d{2,3}-\d{7,8}$/),
    fc.integer({ min: 0, max: 100000 }).map((n) => `${n}元`),
    fc.integer({ min: 0, max: 100 }).map((n) => `${n}分`),
    fc.integer({ min: 0, max: 1e6 }).map((n) => `T-${n}`),
  );

  it('never reads a building or room from pure times, dates, phone numbers, money, scores or ticket ids', () => {
    fc.assert(
      fc.property(timeLike, (text) => {
        expect(extractLocation(text)).toEqual({});
      }),
      { numRuns: 500 },
    );
  });

  it('never keeps a linking word ("另外", "而且") as part of a building (property)', () => {
    const forms = fc.constantFrom('3号楼502', '东区7栋312', '紫荆2号楼 411室', '二食堂', '南苑5栋208');
    fc.assert(fc.property(fc.constantFrom('另外', '此外', '而且', '并且', '顺便', '另外而且'), forms, (link, form) => {
      expect(extractLocation(`${link}${form}的灯坏了`)).toEqual(extractLocation(`${form}的灯坏了`));
    }), { numRuns: 200 });
  });

  it('never throws, and what it returns is text the student wrote', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const { building, room } = extractLocation(text);
        const folded = text.normalize('NFKC');
        if (building) expect(folded).toContain(building);
        if (room) expect(folded).toContain(room);
      }),
      { numRuns: 300 },
    );
  });
});
