import { it } from 'vitest';
import { person, press, say, simulate } from '../harness.js';
it('x', async () => {
  const r = await simulate([
  person('li', '李华', { groups: ['class-2301'] }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('boss', '管理员', { roles: ['admin'] }),
  person('sun', '孙同学'),
  say('li', `/repair 3号楼502 热水器坏了`), press('li', '确认提交'),
  say('wang', `/note T-1 x`),
  say('boss', '/survey send semester-satisfaction'), press('boss', '确认发送'),
  say('boss', '/invite rep class-2302'),
  say('sun', '/talk 最近很累，想找人说说'),
  ]);
  console.log(JSON.stringify(r.out.map(l=>[l.to,l.text.slice(0,80)]), null, 0), r.err, r.logs.filter(l=>Number(l.level)>=40).map(l=>JSON.stringify(l).slice(0,600)));
});
