/**
 * Issue 13 point 6: a staff member with a text prompt open who asks for another one is told which
 * prompt the new one replaces and how to go back to it; the text typed next goes to the new one only.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../harness.js';

const LOGISTICS = 'group:staff-logistics';
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-prompts-')), 'y.db');
const repair = (who: string, text: string) => [say(who, `/repair ${text}`), press(who, '设施设备'), press(who, '跳过'), press(who, '实名提交'), press(who, '确认提交')];
/** T-1 and T-2: two repairs for logistics. */
const setup = [
  person('li', '李华'), person('zhang', '张伟'),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('tom', 'Tom', { roles: ['staff'], department: 'logistics', locale: 'en' }),
  ...repair('li', '3号楼502 热水器坏了'), ...repair('zhang', '7号楼312 灯不亮'),
];
const events = (dbPath: string) => openTestDatabase(dbPath, { readonly: true })
  .prepare(`select ticket_id as t, type, text from ticket_events where type in ('reply', 'resolved', 'note', 'transferred') order by id`).all();

describe('a second staff prompt', () => {
  it('says which prompt it replaces and how to go back; the next text goes to the new one only', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...setup,
      say('wang', '/reply T-1'),
      say('wang', '/resolve T-2'),
      say('wang', '已更换灯管'),
      say('wang', '/reply T-1'),
      say('wang', '/reply T-1'),
    ], { dbPath });
    expect(to(r, 'private:wang').map((l) => l.text)).toEqual([
      '请输入要回复给 T-1 学生的内容（发送 /cancel 放弃）：',
      '（你还没写完的“T-1 的回复”已放弃；要回到它，发送 /reply T-1）\n请输入 T-2 的处理结果（会发给学生；发送 /cancel 放弃）：',
      'T-2 已标记为已解决，已请学生确认并评价。',
      '请输入要回复给 T-1 学生的内容（发送 /cancel 放弃）：',
      '请输入要回复给 T-1 学生的内容（发送 /cancel 放弃）：',
    ]);
    expect(events(dbPath)).toEqual([{ t: 2, type: 'resolved', text: '已更换灯管' }]);
  });

  it('from a card button in the staff chat, in the staff member\'s language, naming the department of a transfer', async () => {
    const r = await simulate([
      ...setup,
      press('tom', '转交', LOGISTICS), press('tom', 'Student Affairs Office', LOGISTICS),
      say('tom', '/note T-1'),
    ]);
    expect(to(r, 'private:tom').map((l) => l.text)).toEqual([
      'Why transfer T-2 to Student Affairs Office? (send /cancel to drop it)',
      '(Your unfinished transfer reason for T-2 is dropped; to go back to it, send /transfer T-2 student_affairs)\nType an internal note for T-1 (students never see it; /cancel to drop it):',
    ]);
  });
});
