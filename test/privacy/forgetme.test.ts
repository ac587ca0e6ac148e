/**
 * /forgetme: after a student erased their data, nothing in any table, in the database file, in its
 * WAL or in the debug log holds their name, username or platform id; their tickets stay as
 * anonymous statistics; pressing the button twice erases once.
 */
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { onPgStore, rowsByTable, storedBytes } from '../pg/app-store.js';
import { query, tempDb } from '../survey-fixtures.js';
import { campusWithLi, li, wang, zhang, CLASS } from './scenario.js';

/** Every row of every table, as JSON. */
function everyRow(dbPath: string): Record<string, string[]> {
  return Object.fromEntries([...rowsByTable(dbPath)].map(([t, rows]) => [t, rows.map((r) => JSON.stringify(r))]));
}

const TRACES = [li.name, li.username, li.id];

describe('/forgetme', () => {
  it('asks first, naming what will happen, and leaves nothing of the person in any table, the files, the WAL or the debug log', async () => {
    const dbPath = tempDb();
    const c = await campusWithLi(dbPath);
    const memberId = query<{ id: number }>(dbPath, 'select member_id as id from identities where platform_user_id = ?', li.id)[0]!.id;
    // Before: li's traces are in every feature.
    expect(query(dbPath, 'select value from survey_answers order by question_id')).toEqual([{ value: '4' }, { value: `我是${li.name}，食堂的菜不错` }]);
    expect(query(dbPath, 'select member_id as m from survey_responses')).toEqual([{ m: memberId }]);
    expect(query(dbPath, 'select member_id as m from poll_ballots')).toEqual([{ m: memberId }]);
    expect(query(dbPath, 'select ref from ticket_photos')).toEqual([{ ref: 'photo-ref-7f3a9' }]);
    expect(query(dbPath, "select count(*) as n from ticket_events where text like '%' || ? || '%' or text like '%' || ? || '%'", li.name, li.username)).toEqual([{ n: 2 }]);
    expect(query(dbPath, 'select status from account_links')).toEqual([{ status: 'open' }]);
    expect(query<{ n: number }>(dbPath, 'select count(*) as n from outbox where member_id = ?', memberId)[0]!.n).toBeGreaterThan(0);
    for (const trace of TRACES) expect(JSON.stringify(everyRow(dbPath))).toContain(trace);

    await c.says(li, '/forgetme');
    const ask = c.textsTo(li).at(-1)!;
    expect(ask).toContain('确定要删除你的数据吗');
    expect(ask).toContain('本地控制台'); // the accounts it will unlink
    expect(ask).toContain('还没办完的工单会撤回');
    await c.presses(li, '确认删除');
    expect(c.textsTo(li).at(-1)).toMatch(/^✅ 已删除。/);

    const rows = everyRow(dbPath);
    for (const [table, list] of Object.entries(rows)) {
      for (const trace of TRACES) expect(list.filter((r) => r.includes(trace)), `${trace} in ${table}`).toEqual([]);
    }
    for (const trace of TRACES) for (const [where, bytes] of Object.entries(storedBytes(dbPath))) expect(bytes.indexOf(Buffer.from(trace)), `${trace} in ${where}`).toBe(-1);
    if (!onPgStore) expect(statSync(`${dbPath}-wal`).size).toBe(0); // SQLite: the WAL emptied after the commit
    await c.app.scheduler.advanceTo(new Date(c.clock.now().getTime() + 4 * 86_400_000), c.clock); // the poll and the survey close, retention runs
    const log = JSON.stringify(c.logs);
    expect(c.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['a member erased their data', 'poll closed', 'survey run closed', 'retention job done']));
    for (const trace of TRACES) expect(log, `${trace} in the log`).not.toContain(trace);

    expect(query(dbPath, 'select name, locale, platform_locale as pl, building, erased_at is not null as erased from members where id = ?', memberId))
      .toEqual([{ name: '', locale: null, pl: null, building: null, erased: 1 }]);
    for (const t of ['identities', 'memberships', 'conversations', 'role_grants', 'poll_voters']) {
      expect(query(dbPath, `select count(*) as n from ${t} where member_id = ?`, memberId), t).toEqual([{ n: 0 }]);
    }
    expect(query(dbPath, 'select status, anonymous, description, building, room from tickets')).toEqual([
      { status: 'cancelled', anonymous: 1, description: '', building: '3号楼', room: '502' },
    ]);
    expect(query(dbPath, 'select count(*) as n from ticket_photos')).toEqual([{ n: 0 }]);
    expect(query(dbPath, 'select count(*) as n from ticket_events where text is not null')).toEqual([{ n: 0 }]);
    expect(query(dbPath, 'select count(*) as n from survey_responses')).toEqual([{ n: 0 }]);
    expect(query(dbPath, 'select count(*) as n from poll_ballots')).toEqual([{ n: 0 }]);
    expect(query(dbPath, "select status from account_links")).toEqual([{ status: 'cancelled' }]);
    const outbox = query(dbPath, 'select status, payload, chat_id from outbox where member_id = ?', memberId);
    expect(outbox.every((r) => r.chat_id === null && r.payload === '{"text":""}' && r.status !== 'pending')).toBe(true);
    expect(query(dbPath, "select actor_member_id as actor, action, target, detail from audit_log where action = 'member.erased'"))
      .toEqual([{ actor: memberId, action: 'member.erased', target: `member:${memberId}`, detail: null }]);
    await c.stop();
  });

  it('keeps a repair other students joined open for staff, anonymously, and edits its card to the alias', async () => {
    const dbPath = tempDb();
    const c = await campusWithLi(dbPath);
    await c.says(zhang, '/repair 3号楼502 热水器没热水');
    await c.presses(zhang, '加入 T-1');
    await c.says(li, '/forgetme');
    await c.presses(li, '确认删除');
    expect(query(dbPath, 'select status, anonymous, description from tickets')).toEqual([{ status: 'in_progress', anonymous: 1, description: '' }]);
    const card = c.seen.filter((m) => m.chatId === 'group:staff-logistics' && m.edit).at(-1)!.text;
    expect(card).toMatch(/提交人：匿名同学 #[0-9A-F]{4}/);
    expect(card).not.toContain(li.name);
    expect(card).not.toContain('热水器坏了');
    await c.says(zhang, '/status T-1');
    expect(c.textsTo(zhang).at(-1)).toContain('处理中');

    await c.says(zhang, '/forgetme');
    await c.presses(zhang, '确认删除');
    expect(query(dbPath, 'select count(*) as n from ticket_watchers')).toEqual([{ n: 0 }]);
    expect(query(dbPath, 'select status from tickets')).toEqual([{ status: 'in_progress' }]); // zhang reported none of it
    await c.stop();
  });

  it('erases once when the button is pressed twice; the second press comes from a new member', async () => {
    const dbPath = tempDb();
    const c = await campusWithLi(dbPath);
    await c.says(li, '/forgetme');
    const button = c.port.findButton(li.id, '确认删除')!;
    await c.presses(li, '确认删除');
    await c.app.router.handle({ chat: { platform: 'local', id: li.id, kind: 'private' }, sender: li, text: '', press: button.data, pressedMessage: button.ref });
    await c.app.scheduler.runDue(); // the answer is an outbox row, sent once the unit committed
    expect(c.textsTo(li).at(-1)).toBe('这个请求已经处理过了：之前的数据已经删除。现在的你对我来说是一位新用户。');
    expect(query(dbPath, "select count(*) as n from audit_log where action = 'member.erased'")).toEqual([{ n: 1 }]);
    const members = query<{ id: number; name: string; erased: number }>(dbPath,
      'select m.id, m.name, m.erased_at is not null as erased from members m join identities i on i.member_id = m.id where i.platform_user_id = ?', li.id);
    expect(members).toEqual([{ id: expect.any(Number), name: li.name, erased: 0 }]); // writing again: a new member
    await c.says(li, '/mytickets');
    expect(c.textsTo(li).at(-1)).not.toContain('T-1');
    await c.stop();
  });

  it('is refused to staff, and "cancel" erases nothing', async () => {
    const dbPath = tempDb();
    const c = await campusWithLi(dbPath);
    await c.says(wang, '/forgetme');
    expect(c.textsTo(wang).at(-1)).toMatch(/^你现在有工作身份（后勤保障处 工作人员）/);
    await c.says(li, '/forgetme');
    await c.presses(li, '取消');
    expect(c.textsTo(li).at(-1)).toBe('好的，什么都没有删除。');
    expect(query(dbPath, 'select count(*) as n from members where erased_at is not null')).toEqual([{ n: 0 }]);
    await c.says(li, '/forgetme', CLASS);
    expect(c.textsTo(CLASS).at(-1)).toBe('/forgetme 涉及个人信息，请在和我的私聊中使用。');
    await c.stop();
  });
});
