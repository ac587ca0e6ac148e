/**
 * Relay only what is meant for the ticket: after a staff reply, what the student writes next reaches
 * staff only while the ticket is open, and a message that is clearly something new is asked about
 * ("send to T-n, or something new?") instead of being relayed silently. (The same rules for
 * counselling cases: src/features/cases/talk.test.ts.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../../../test/pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../../../test/harness.js';

const LOGISTICS = 'group:staff-logistics';
const people = [
  person('li', '李华'),
  person('amy', 'Amy', { locale: 'en' }),
  person('xu', '徐老师', { roles: ['staff'], department: 'counselling' }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-relay-')), 'y.db');
const answers = (dbPath: string) => openTestDatabase(dbPath, { readonly: true }).prepare("select ticket_id, text from ticket_events where type = 'student_reply' order by id").all();

describe('an answer to a staff reply', () => {
  const repair = [...people, say('li', '3号楼502热水器坏了'), press('li', '确认提交'), say('wang', '/reply T-1 什么时候方便上门？', LOGISTICS)];

  it('is relayed without asking when it answers, even when it sounds a little like a request', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...repair, press('li', '回复 T-1'), say('li', '还是没有热水，明天上午都在')], { dbPath });
    expect(to(r, 'private:li').at(-1)!.text).toBe('已转达给 T-1 的处理老师。');
    expect(answers(dbPath)).toEqual([{ ticket_id: 1, text: '还是没有热水，明天上午都在' }]);
  });

  it('is not relayed once staff resolved the ticket, and the "reply" button says why', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...repair, press('li', '回复 T-1'), say('wang', '/resolve T-1 已更换加热棒', LOGISTICS), say('li', '好的，谢谢老师'), press('li', '回复 T-1'),
    ], { dbPath });
    const li = to(r, 'private:li').map((l) => l.text);
    const closed = 'T-1 现在是「已解决，待确认」，消息不再转给老师，刚才这条没有发出。\n如果问题还没解决，点那条消息下面的「还没解决」，老师会继续处理。';
    expect(li.at(-3)).toBe(closed);
    expect(li.at(-2)).toMatch(/^不客气/); // the thanks, answered as a new message
    expect(li.at(-1)).toBe(closed);
    expect(answers(dbPath)).toEqual([]);
    expect(to(r, LOGISTICS).map((l) => l.text).join('\n')).not.toContain('谢谢老师');
  });
});
