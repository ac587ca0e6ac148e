/**
 * Stale and repeated presses, and one pending step at a time (issue 13 points 1 and 2): a button
 * belongs to the step it asked, a press on a step already done says what became of it to the
 * presser alone and changes nothing, and a clear new request leaves an unfinished step, saying so.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryAt, withJson } from '../../../test/pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../../../test/harness.js';

const STAFF = 'group:staff-logistics';
const people = [
  person('li', '李华'),
  person('amy', 'Amy Chen', { locale: 'en' }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-steps-')), 'y.db');
const rows = (dbPath: string, sql: string) => queryAt(dbPath, sql);
const filed = (who = 'li') => (who === 'li' ? [say(who, '3号楼502热水器坏了'), press(who, '确认提交')] : [say(who, 'the water heater in Building 7 room 215 is broken'), press(who, 'Submit')]);
const resolved = [...filed(), say('wang', '/resolve T-1 换了加热棒', STAFF)];

describe('a second press on a step already done', () => {
  it('says "already submitted as T-1" to the student alone, in their language, and files nothing more', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, ...filed(), press('li', '确认提交'), ...filed('amy'), press('amy', 'Submit')], { dbPath });
    expect(to(r, 'private:li').at(-1)).toEqual(expect.objectContaining({ notice: true, for: 'li', text: '已经提交过了，单号 T-1。发送 /status T-1 查看进度。' }));
    expect(to(r, 'private:amy').at(-1)).toEqual(expect.objectContaining({ notice: true, for: 'amy', text: 'Already submitted as T-2. Send /status T-2 to see its progress.' }));
    expect(rows(dbPath, 'select id from tickets')).toEqual([{ id: 1 }, { id: 2 }]);
    expect(withJson(rows(dbPath, `select open, outcome from steps where feature = 'tickets' and cast(outcome as text) like '%submitted%' order by id`), 'outcome')).toEqual([
      { open: 0, outcome: { key: 'submitted', id: 1 } }, { open: 0, outcome: { key: 'submitted', id: 2 } },
    ]);
  });

  it('an old "Not fixed" after "Fixed" and the rating does not reopen the ticket', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, ...resolved, press('li', '已解决'), press('li', '还没解决'), press('li', '4'), press('li', '还没解决'), press('li', '1')], { dbPath });
    const notices = to(r, 'private:li').filter((l) => l.notice).map((l) => l.text);
    expect(notices).toEqual(['你已经确认 T-1 解决了。', '你已经确认 T-1 解决了。', '你已经给 T-1 打过 4 分了，谢谢！']);
    expect(rows(dbPath, 'select status, rating from tickets')).toEqual([{ status: 'closed', rating: 4 }]);
    expect(rows(dbPath, `select type from ticket_events where type in ('reopened', 'rated')`)).toEqual([{ type: 'rated' }]);
    expect(to(r, STAFF).map((l) => l.text)).not.toContainEqual(expect.stringContaining('还没解决'));
  });

  it('a "Fixed?" left unanswered until the ticket closed by itself says it is closed', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, ...resolved, { at: '2026-03-06T09:00:00+08:00' }, press('li', '还没解决')], { dbPath });
    expect(to(r, 'private:li').at(-1)).toMatchObject({ notice: true, text: 'T-1 已经关闭了。如果问题还在，可以重新提交。' });
    expect(rows(dbPath, 'select status from tickets')).toEqual([{ status: 'closed' }]);
  });

  it('a category button of an intake that was cancelled says so, and starts nothing', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, say('li', '/repair'), say('li', '/cancel'), press('li', '设施设备')], { dbPath });
    expect(to(r, 'private:li').map((l) => l.text).slice(1)).toEqual(['好的，已取消当前操作，什么都没有提交。', '这一步已经取消了，不用再点。']);
    expect(rows(dbPath, 'select count(*) as n from conversations')).toEqual([{ n: 0 }]);
  });
});

describe('one pending step at a time', () => {
  it('a clear new request while the category buttons wait leaves the old step, saying so, and goes on with the new one', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, say('li', '/feedback'), say('li', '食堂的灯坏了'), press('li', '服务质量')], { dbPath });
    expect(to(r, 'private:li').map((l) => l.text)).toEqual([
      '好的，我们来提交一份反馈。请先选择类别：',
      '刚才没填完的反馈先放下了（没有提交）。我们先说你刚说的这件事。',
      expect.stringMatching(/^请确认要提交的内容：\n类型：报修\n类别：设施设备\n位置：食堂\n/),
      '这一步已经放下了：你后来说了别的事。',
    ]);
    expect(rows(dbPath, "select name, data -> 'draft' ->> 'kind' as kind from conversations")).toEqual([{ name: 'intake', kind: 'repair' }]);
  });

  it('what is not clearly a new request is asked again with the buttons', async () => {
    const r = await simulate([...people, say('amy', '/repair'), say('amy', 'hmm not sure')]);
    expect(to(r, 'private:amy').at(-1)).toMatchObject({ text: expect.stringMatching(/^Please answer with the buttons below/), buttons: [['Facilities', 'Life services', 'Safety'], ['Other']] });
  });

  it('a place alone at a button step ("the whole building", "3号楼") is no new request: the repair waits, asked again, and is filed', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...people,
      say('amy', '/repair'), press('amy', 'Facilities'), say('amy', 'the corridor light is flickering'), say('amy', 'Building 7'),
      say('amy', 'the whole building'), press('amy', 'Skip'), press('amy', 'With my name'), press('amy', 'Submit'),
      say('li', '/repair'), press('li', '设施设备'), say('li', '楼道灯一直闪'), say('li', '3号楼'), say('li', '3号楼'), press('li', '跳过'), press('li', '实名提交'), press('li', '确认提交'),
    ], { dbPath });
    for (const who of ['amy', 'li']) expect(to(r, `private:${who}`).map((l) => l.text).join('\n')).not.toMatch(/set aside|先放下了/);
    expect(to(r, 'private:amy').map((l) => l.text)).toContain('Please send a photo, or tap "Skip".');
    expect(rows(dbPath, 'select building, room, description from tickets order by id')).toEqual([
      { building: '7号楼', room: 'corridor', description: 'the corridor light is flickering' },
      { building: '3号楼', room: '楼道', description: '楼道灯一直闪' },
    ]);
  });

  it('/cancel after "Not fixed" says the ticket stays reopened, not that nothing was submitted', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, ...resolved, press('li', '还没解决'), say('li', '/cancel')], { dbPath });
    expect(to(r, 'private:li').map((l) => l.text).slice(-2)).toEqual([
      '已重新打开 T-1，老师会继续处理。哪里还有问题？直接写在这里，我会转达给老师（发送 /cancel 不写）。',
      '好的，先不补充。T-1 已经重新打开，老师会继续处理。',
    ]);
    expect(rows(dbPath, 'select status from tickets')).toEqual([{ status: 'reopened' }]);
  });

  it('/cancel after "Reply" in English says nothing was passed on to the staff', async () => {
    const r = await simulate([...people, ...filed('amy'), say('wang', '/reply T-1 Which floor?', STAFF), press('amy', 'Reply to T-1'), say('amy', '/cancel')]);
    expect(to(r, 'private:amy').at(-1)!.text).toBe('OK, nothing was passed on to the staff handling T-1.');
  });
});
