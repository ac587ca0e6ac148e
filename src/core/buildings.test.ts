import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildingParts, canonicalBuilding } from './buildings.js';

describe('canonicalBuilding', () => {
  it.each([
    ['3号楼', '3号楼'], ['3 号楼', '3号楼'], ['3栋', '3号楼'], ['３號樓', '3号楼'], ['三号楼', '3号楼'], ['十二栋', '12号楼'],
    ['二十三号楼', '23号楼'], ['03号楼', '3号楼'], ['Building 3', '3号楼'], ['building  3', '3号楼'], ['Bldg. 3', '3号楼'],
    ['bldg 3', '3号楼'], ['Dorm 12', '12号楼'], ['Block b', 'B栋'], ['B座', 'B栋'], ['东区3号楼', '东区3号楼'], ['东区 3栋', '东区3号楼'],
    ['宿舍3号楼', '3号楼'], ['学生公寓 3栋', '3号楼'], ['寝室楼B座', 'B栋'], ['东区宿舍3号楼', '东区3号楼'], ['宿舍', '宿舍'],
    ['图书馆', '图书馆'], ['Maple Hall', 'Maple Hall'], ['10', '10'], ['  学生活动中心 ', '学生活动中心'],
  ])('%j → %j', (raw, canonical) => {
    expect(canonicalBuilding(raw)).toBe(canonical);
  });

  it('never throws and is idempotent', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (s) => {
      const once = canonicalBuilding(s);
      expect(canonicalBuilding(once)).toBe(once);
    }), { numRuns: 500 });
  });
});

describe('buildingParts', () => {
  it('reads back what canonicalBuilding wrote, and nothing from a plain name', () => {
    expect(buildingParts('3号楼')).toEqual({ area: '', number: 3 });
    expect(buildingParts('东区B栋')).toEqual({ area: '东区', letter: 'B' });
    expect(buildingParts('图书馆')).toBeUndefined();
  });
});
