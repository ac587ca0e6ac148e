/**
 * Small numbers stay private: no digest breaks mental-health figures down into a group of fewer than
 * 5 people. The category is merged into "other", the building left out, the counselling department's
 * line says "<5"; from 5 people on they are shown. People, not tickets: one student's two count once.
 */
import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, to } from '../harness.js';

const boss = person('boss', '管理员', { roles: ['admin'] });
const feedback = (user: string, text: string, category: string) =>
  [say(user, '/feedback'), press(user, category), say(user, text), press(user, '跳过'), press(user, '实名提交'), press(user, '确认提交')];
const students = (n: number, from = 1) => Array.from({ length: n }, (_, i) => person(`s${from + i}`, `学生${from + i}`));
const weekly = async (lines: Record<string, unknown>[]) => {
  const r = await simulate([boss, ...lines, at('2026-03-02T09:00:00+08:00'), say('boss', '/digest')]);
  expect(r.err).toEqual([]);
  return to(r, 'private:boss').at(-1)!.text;
};

describe('small numbers in digests', () => {
  it('merge a mental-health category of fewer than 5 people (however many tickets) into "other" and leave out its building', async () => {
    const text = await weekly([
      ...students(3),
      ...feedback('s1', '3号楼的心理讲座太少了', '心理健康'), ...feedback('s1', '3号楼心理咨询室不好约', '心理健康'),
      ...feedback('s1', '3号楼周末没有心理老师值班', '心理健康'),
      ...feedback('s2', '3号楼希望多办减压活动', '心理健康'), ...feedback('s2', '3号楼的树洞信箱没人看', '心理健康'),
      ...feedback('s3', '3号楼的自习室灯太暗', '设施设备'),
    ]);
    expect(text).toContain('主要类别：其他 5、设施设备 1'); // five tickets, but of two people: no category named
    expect(text).toContain('主要楼栋：3号楼 1'); // only the facilities ticket
    expect(text).toContain('心理健康教育与咨询中心：新 5｜解决 0｜未结 5（逾期 0）'); // a campus total of tickets, not a breakdown
    expect(text).not.toContain('心理健康 ');
  });

  it('say "<5" on the counselling department\'s line for 1 to 4 tickets', async () => {
    const text = await weekly([...students(2), ...feedback('s1', '3号楼的心理讲座太少了', '心理健康'), ...feedback('s2', '希望多办减压活动', '心理健康')]);
    expect(text).toContain('心理健康教育与咨询中心：新 <5｜解决 0｜未结 <5（逾期 0）｜首响 —｜解决 —｜满意度 —');
    expect(text).toContain('主要类别：其他 2');
  });

  it('show them from 5 people on, still leaving out a building where fewer than 5 reported', async () => {
    const text = await weekly([
      ...students(7),
      ...feedback('s1', '3号楼的心理讲座太少了', '心理健康'), ...feedback('s2', '3号楼希望多办减压活动', '心理健康'),
      ...['s3', 's4', 's5', 's6', 's7'].flatMap((s) => feedback(s, '5号楼的心理讲座太少了', '心理健康')),
    ]);
    expect(text).toContain('主要类别：心理健康 7');
    expect(text).toContain('主要楼栋：5号楼 5');
    expect(text).not.toContain('3号楼');
    expect(text).toContain('心理健康教育与咨询中心：新 7｜');
  });
});
