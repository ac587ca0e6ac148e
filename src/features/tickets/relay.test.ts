/**
 * Relay only what is meant for the case: after "talk to a counsellor", a crisis or a staff reply,
 * what the student writes next reaches staff only while the ticket or case is open, and a message
 * that is clearly something new is asked about ("send to T-n, or something new?") instead of being
 * relayed silently.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../../../test/harness.js';

const COUNSELLING = 'group:staff-counselling';
const LOGISTICS = 'group:staff-logistics';
const people = [
  person('li', '李华'),
  person('amy', 'Amy', { locale: 'en' }),
  person('xu', '徐老师', { roles: ['staff'], department: 'counselling' }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-relay-')), 'y.db');
const answers = (dbPath: string) => new Database(dbPath, { readonly: true }).prepare("select ticket_id, text from ticket_events where type = 'student_reply' order by id").all();
const talk = [say('amy', 'I want to talk to a counsellor'), press('amy', 'Talk to a counsellor (anonymous)')];
const QUESTION = 'what time does the library close?';

describe('a counselling case', () => {
  it('that was resolved gets nothing relayed: the student is told, and the question is answered as a new one', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, ...talk, say('xu', '/resolve T-1 Talked it through in person', COUNSELLING), say('amy', QUESTION)], { dbPath });
    const amy = to(r, 'private:amy').map((l) => l.text);
    expect(amy.at(-2)).toBe('T-1 is now "Resolved, awaiting confirmation", so messages are no longer passed on; this one was not sent.\nIf it is not fixed yet, tap "Not fixed" under that message and staff will continue.');
    expect(amy.at(-1)).toMatch(/^📖 What are the library's opening hours\?/); // handled afresh: the FAQ answers it
    expect(to(r, COUNSELLING).map((l) => l.text).join('\n')).not.toContain('library');
    expect(answers(dbPath)).toEqual([]);
  });

  it('that is open asks whether a clearly new question is meant for it, keeping the text for either choice', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, ...talk, say('amy', QUESTION), press('amy', 'Something new')], { dbPath });
    const amy = to(r, 'private:amy');
    expect(amy[2]).toMatchObject({
      text: 'Should I pass this on to the staff handling T-1, or is it something new?\n"what time does the library close?"',
      buttons: [['Send to T-1', 'Something new']],
    });
    expect(amy[3]!.text).toMatch(/^📖 What are the library's opening hours\?/);
    expect(to(r, COUNSELLING)).toHaveLength(1); // the case's alert only
    expect(answers(dbPath)).toEqual([]);

    const sent = tmpDb();
    const r2 = await simulate([...people, ...talk, say('amy', QUESTION), say('amy', 'hmm'), press('amy', 'Send to T-1')], { dbPath: sent });
    expect(to(r2, 'private:amy')[3]!.text).toMatch(/^Please choose with the buttons below, or send \/cancel to drop this message\.\n\nShould I pass this on/);
    expect(to(r2, 'private:amy').at(-1)!.text).toBe('Passed on to the staff handling T-1.');
    expect(to(r2, COUNSELLING).at(-1)!.text).toMatch(/^💬 T-1 · 匿名同学 #[0-9A-F]{4} 回复：\nwhat time does the library close\?$/);
    expect(answers(sent)).toEqual([{ ticket_id: 1, text: QUESTION }]);
  });

  it('after a crisis asks about what is clearly something else, before relaying anything', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, say('li', '我不想活了'), say('li', '食堂几点开门'), press('li', '新的事情')], { dbPath });
    const li = to(r, 'private:li');
    expect(li[1]).toMatchObject({ text: '这条是要转给 T-1 的处理老师，还是一件新的事情？\n“食堂几点开门”', buttons: [['转给 T-1', '新的事情']] });
    expect(li[2]!.text).toMatch(/^📖 食堂几点开门？/);
    expect(to(r, COUNSELLING)).toHaveLength(1); // the alert only
    expect(answers(dbPath)).toEqual([]);
  });
});

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
