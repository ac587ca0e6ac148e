/**
 * The privacy tests' campus: li leaves traces in every feature (a named repair with a photo that
 * staff answered and noted, a named survey, a named poll, a link code); zhang is another student.
 */
import { configWith } from '../survey-fixtures.js';
import { boot, type Someone } from './campus.js';

const both = (zh: string, en: string) => ({ 'zh-CN': zh, en });
/** A named survey with a typed answer. */
export const NAMED_SURVEY = {
  id: 'named-check', title: both('实名小调查', 'Named check-in'), audience: 'students', anonymous: false, open_for: '3d',
  questions: [
    { id: 'mood', type: 'rating', text: both('这周过得怎么样？', 'How was your week?') },
    { id: 'more', type: 'text', text: both('还想说什么？', 'Anything else?') },
  ],
};

export const li: Someone = { id: '880011223', name: '华华李测', username: 'huahua_li' };
export const zhang: Someone = { id: '550066778', name: '张伟测', username: 'zhangwei_z' };
export const wang: Someone = { id: 'wang', name: '王老师', username: 'wang' };
export const zhao: Someone = { id: 'zhao', name: '赵班长', username: 'zhao' };
export const boss: Someone = { id: 'boss', name: '管理员', username: 'boss' };
export const CLASS = 'group:class-2301';

/** Staff, a rep and an admin, declared as the config would; then li leaves traces in every feature. */
export async function campusWithLi(dbPath: string) {
  const c = await boot(dbPath, { config: configWith(NAMED_SURVEY) });
  const now = c.clock.now();
  await c.says(zhang, '/start');
  await c.app.members.declare({ user: 'wang', name: wang.name, roles: ['staff'], department: 'logistics', groups: [], rep_of: [] }, now);
  await c.app.members.declare({ user: 'zhao', name: zhao.name, roles: ['rep'], groups: ['class-2301'], rep_of: ['class-2301'] }, now);
  await c.app.members.declare({ user: 'boss', name: boss.name, roles: ['admin'], groups: [], rep_of: [] }, now);
  await c.says(li, '/lang zh');
  await c.says(li, '/repair 3号楼502 热水器坏了，华华李测的宿舍', 'private', [{ kind: 'photo', ref: 'photo-ref-7f3a9' }]);
  await c.presses(li, '确认提交'); // a repair with its text goes straight to the confirmation
  await c.says(wang, `/reply T-1 ${li.name}同学，明天上午来修`, 'group:staff-logistics');
  await c.says(wang, `/note T-1 ${li.username} 说钥匙在宿管`, 'group:staff-logistics');
  await c.says(boss, '/survey send named-check');
  await c.presses(boss, '确认发送');
  await c.presses(li, '4');
  await c.says(li, `我是${li.name}，食堂的菜不错`);
  await c.says(zhao, '/poll 班会时间 | 周五 | 周六 | 实名', CLASS);
  await c.presses(li, '周五', CLASS);
  await c.says(li, '/link');
  return c;
}

