/** A ticket id reveals nothing: someone else's ticket and one that does not exist get the same answer. */
import { expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../harness.js';

it('answers an unknown id exactly like somebody else\'s ticket, to students and to other departments\' staff', async () => {
  const r = await simulate([
    person('li', '李华'), person('zhang', '张伟'), person('liu', '刘老师', { roles: ['staff'], department: 'student_affairs' }),
    say('li', '/repair 3号楼502 热水器坏了'), press('li', '设施设备'), press('li', '跳过'), press('li', '实名提交'), press('li', '确认提交'),
    say('zhang', '/status T-1'), say('zhang', '/status T-99'), say('zhang', '/cancel T-1'), say('zhang', '/cancel T-99'),
    say('liu', '/claim T-1'), say('liu', '/claim T-99'), say('liu', '/note T-1 x'), say('liu', '/note T-99 x'),
  ]);
  for (const who of ['zhang', 'liu']) {
    const answers = to(r, `private:${who}`).map((l) => l.text.replace(/T-\d+/, 'T-n'));
    expect(answers).toHaveLength(4);
    expect(new Set(answers)).toEqual(new Set(['找不到工单 T-n，或者你没有权限查看。']));
  }
});
