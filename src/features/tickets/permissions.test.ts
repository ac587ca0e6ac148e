import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../../../test/harness.js';

const people = [
  person('li', '李华'), person('zhang', '张伟'),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('liu', '刘老师', { roles: ['staff'], department: 'student_affairs' }),
  person('chen', '陈主任', { roles: ['lead'], department: 'logistics' }),
  person('boss', '管理员', { roles: ['admin'] }),
];
const setup = [...people, say('li', '/repair'), press('li', '设施设备'), say('li', '3号楼502 热水器坏了'), press('li', '跳过'), press('li', '实名提交'), press('li', '确认提交')];

type Verdict = 'ok' | 'role' | 'hidden';
const WHO = ['li', 'zhang', 'wang', 'liu', 'chen', 'boss'] as const;
/** Every ticket command against T-1 (logistics, reported by li), for each kind of person. */
const MATRIX: [string, Verdict[]][] = [
  ['/status T-1', ['ok', 'hidden', 'ok', 'hidden', 'ok', 'ok']],
  ['/cancel T-1', ['ok', 'hidden', 'hidden', 'hidden', 'hidden', 'hidden']],
  ['/claim T-1', ['role', 'role', 'ok', 'hidden', 'ok', 'ok']],
  ['/reply T-1 明天上门', ['role', 'role', 'ok', 'hidden', 'ok', 'ok']],
  ['/note T-1 带工具', ['role', 'role', 'ok', 'hidden', 'ok', 'ok']],
  ['/transfer T-1 student_affairs 宿舍问题', ['role', 'role', 'ok', 'hidden', 'ok', 'ok']],
  ['/resolve T-1 已修好', ['role', 'role', 'ok', 'hidden', 'ok', 'ok']],
  ['/reject T-1 重复', ['role', 'role', 'ok', 'hidden', 'ok', 'ok']],
  ['/priority T-1 urgent', ['role', 'role', 'ok', 'hidden', 'ok', 'ok']],
  ['/assign T-1 @wang', ['role', 'role', 'role', 'role', 'ok', 'ok']],
  ['/queue', ['role', 'role', 'ok', 'ok', 'ok', 'ok']],
];

function verdict(text: string): Verdict {
  if (/只对有相应权限的老师或同学开放/.test(text)) return 'role';
  if (/^找不到工单 T-1，或者你没有权限查看。$/.test(text)) return 'hidden';
  return 'ok';
}

describe('ticket permissions', () => {
  const cases = MATRIX.flatMap(([cmd, verdicts]) => WHO.map((who, i) => ({ cmd, who, expected: verdicts[i]! })));

  it.concurrent.each(cases)('$cmd by $who → $expected', async ({ cmd, who, expected }) => {
    const r = await simulate([...setup, say(who, cmd)]);
    const answer = to(r, `private:${who}`).at(-1)!.text;
    expect(verdict(answer), answer).toBe(expected);
  });

  it('answers an unknown id exactly like somebody else\'s ticket', async () => {
    const r = await simulate([...setup, say('zhang', '/status T-1'), say('zhang', '/status T-99'), say('liu', '/claim T-1'), say('liu', '/claim T-99')]);
    const z = to(r, 'private:zhang').map((l) => l.text.replace(/T-\d+/, 'T-n'));
    const l = to(r, 'private:liu').map((x) => x.text.replace(/T-\d+/, 'T-n'));
    expect(z[0]).toBe(z[1]);
    expect(l[0]).toBe(l[1]);
  });
});
