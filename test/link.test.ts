/**
 * Linking accounts of one person on two platforms (/link), through the simulator with a person on
 * the local console and on Telegram or Discord (in-process ports: the same router, features and
 * database). Every test checks what each side is told and the rows: identities, roles, links, audit.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from './pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, to } from './harness.js';

type Line = Record<string, unknown>;
const YES = '确认关联';
const NO = '拒绝';
const on = (platform: string, line: Line) => ({ ...line, platform });
const tg = (from: string, text: string) => on('telegram', say(from, text));
const tgPress = (from: string, label: string) => on('telegram', press(from, label));
const dc = (from: string, text: string) => on('discord', say(from, text));
const TG = (user: string) => `telegram:private:${user}`;
const DC = (user: string) => `discord:private:${user}`;

const INVALID = '这个关联码无效、已被使用或已过期。请在原来的账号上重新发送 /link 获取。';
const PRIVILEGED = [
  '不能用这个账号输入关联码：它拥有工作人员、负责人或管理员身份，而这些身份永远不会从输入关联码的一方带过去。',
  '如果两个账号都是你的：请在这个账号上发送 /link，再用另一个账号输入新的关联码。',
  '如果是别人让你输入这个关联码：请不要这样做，它会把你的账号并到对方名下。',
].join('\n');

/** Runs a script on a database file and reads it afterwards. */
async function run(lines: Line[]) {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'yizhan-link-')), 'y.db');
  const r = await simulate(lines, { dbPath });
  const db = openTestDatabase(dbPath, { readonly: true });
  const rows = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
  const memberOf = (platform: string, user: string) =>
    rows<{ m: number }>('select member_id as m from identities where platform = ? and platform_user_id = ?', platform, user)[0]?.m;
  return {
    r, rows, memberOf,
    texts: (chat: string) => to(r, chat).map((l) => l.text),
    grants: (memberId: number | undefined) => rows('select role, scope from role_grants where member_id = ? order by role, scope', memberId),
    audit: () => rows<{ action: string; actor: number | null; reason: string | null }>(
      `select action, actor_member_id as actor, detail ->> 'reason' as reason from audit_log where action like 'link.%' order by id`),
  };
}

/** The link code the bot gave last after `lines` (the simulator is deterministic: the same beginning, the same code). */
async function codeAfter(lines: Line[]): Promise<string> {
  const code = /(?:关联码：|Link code: )([A-Z2-9]{6})/;
  const last = (await simulate(lines)).out.filter((l) => code.test(l.text)).at(-1);
  return code.exec(last!.text)![1]!;
}

describe('linking a local console and a Telegram account of one student', () => {
  const li = person('li', '李华');
  const ticketOnTelegram = [
    tg('li', '/feedback'), tgPress('li', '服务质量'), tg('li', '宿管阿姨态度很好'), tgPress('li', '跳过'), tgPress('li', '实名提交'), tgPress('li', '确认提交'),
  ];
  const start = [li, ...ticketOnTelegram, say('li', '/link')];

  it('joins them only once both confirmed: each side sees platforms and names, the creator member remains, tickets follow', async () => {
    const code = await codeAfter(start);
    const typed = [...start, tg('li', `/link ${code}`)];
    const waiting = await run(typed);
    expect(waiting.texts(TG('li')).at(-1)).toBe([
      '要把这些账号关联为同一个人吗？', '· 生成关联码的一方：本地控制台「li」', '· 你这一方：Telegram「li」',
      '关联后，工单、问卷和记录会合在一起，每个账号都能看到全部内容，并以同一个人的身份操作。',
      '只有这些账号都属于你本人时才确认。如果是别人让你输入这个关联码，请点“拒绝”。', '两个账号都确认后才会关联（请在 3月2日 08:30 前确认）。',
    ].join('\n'));
    expect(to(waiting.r, TG('li')).at(-1)!.buttons).toEqual([[YES, NO]]);
    expect(to(waiting.r, 'private:li').at(-1)).toMatchObject({ buttons: [[YES, NO]], text: expect.stringContaining('· 你这一方：本地控制台「li」\n· 输入关联码的一方：Telegram「li」') });
    const [local, telegram] = [waiting.memberOf('local', 'li'), waiting.memberOf('telegram', 'li')];
    expect(local).not.toBe(telegram);
    expect(waiting.rows('select status from account_links')).toEqual([{ status: 'pending' }]);

    const done = await run([...typed, tgPress('li', YES), tgPress('li', YES), press('li', YES), press('li', YES), tgPress('li', YES)]);
    const merged = '关联完成：本地控制台「li」、Telegram「li」现在是同一个成员。发送 /whoami 查看。';
    expect(done.texts(TG('li')).slice(-4)).toEqual([
      '已确认。还需要在另一个账号上确认（3月2日 08:30 前）。', '你已经确认过了，正在等另一个账号确认（3月2日 08:30 前）。', merged, '这些账号已经关联好了，不需要再确认。',
    ]);
    expect(done.texts('private:li').slice(-2)).toEqual([merged, '这些账号已经关联好了，不需要再确认。']);
    expect([done.memberOf('local', 'li'), done.memberOf('telegram', 'li')]).toEqual([local, local]);
    expect(done.rows('select id from members where id = ?', telegram)).toEqual([]);
    expect(done.rows('select reporter_id as r from tickets')).toEqual([{ r: local }]);
    expect(done.audit()).toEqual([
      { action: 'link.code', actor: local, reason: null }, { action: 'link.requested', actor: telegram, reason: null },
      { action: 'link.confirmed', actor: telegram, reason: null }, { action: 'link.confirmed', actor: local, reason: null },
      { action: 'link.merged', actor: local, reason: null },
    ]);
  });

  it('lets the creator refuse an account that is not theirs; nothing is joined and later presses say so', async () => {
    const code = await codeAfter([li, say('li', '/link')]);
    const t = await run([li, say('li', '/link'), tg('mallory', `/link ${code}`), tgPress('mallory', YES), press('li', NO), tgPress('mallory', YES), press('li', YES)]);
    expect(t.texts('private:li')[1]).toContain('· 输入关联码的一方：Telegram「mallory」\n');
    expect(t.texts('private:li').slice(-2)).toEqual(['已拒绝，没有关联任何账号。', '这次关联已经被拒绝，没有关联任何账号。如需关联，请重新发送 /link。']);
    expect(t.texts(TG('mallory')).slice(-3)).toEqual([
      '已确认。还需要在另一个账号上确认（3月2日 08:30 前）。', '另一方拒绝了这次关联，没有关联任何账号。', '这次关联已经被拒绝，没有关联任何账号。如需关联，请重新发送 /link。',
    ]);
    expect(t.memberOf('telegram', 'mallory')).not.toBe(t.memberOf('local', 'li'));
    expect(t.rows('select status from account_links')).toEqual([{ status: 'refused' }]);
    expect(t.audit().map((a) => [a.action, a.reason])).toEqual([
      ['link.code', null], ['link.requested', null], ['link.confirmed', null], ['link.refused', 'creator_refused'],
    ]);
  });

  it('warns a student talked into typing someone else\'s code, whose refusal joins nothing', async () => {
    const code = await codeAfter([li, tg('mallory', '/link')]);
    const t = await run([li, tg('mallory', '/link'), say('li', `/link ${code}`), tgPress('mallory', YES), press('li', NO)]);
    expect(t.texts('private:li')[0]).toContain('· 生成关联码的一方：Telegram「mallory」\n· 你这一方：本地控制台「li」\n');
    expect(t.texts('private:li')[0]).toContain('如果是别人让你输入这个关联码，请点“拒绝”。');
    expect(t.texts('private:li').at(-1)).toBe('已拒绝，没有关联任何账号。');
    expect(t.texts(TG('mallory')).at(-1)).toBe('另一方拒绝了这次关联，没有关联任何账号。');
    expect(t.memberOf('local', 'li')).not.toBe(t.memberOf('telegram', 'mallory'));
    expect(t.rows('select count(*) as n from members')).toEqual([{ n: 2 }]);
    expect(t.audit().at(-1)).toEqual({ action: 'link.refused', actor: t.memberOf('local', 'li'), reason: 'redeemer_refused' });
  });

  it('works once: a second account typing the code is refused and the creator is warned', async () => {
    const code = await codeAfter([li, say('li', '/link')]);
    const t = await run([li, say('li', '/link'), tg('li', `/link ${code}`), dc('mallory', `/link ${code}`), tg('li', `/link ${code}`)]);
    expect(t.texts(DC('mallory'))).toEqual([INVALID]);
    expect(t.texts('private:li').at(-1)).toBe('另一个账号（Discord「mallory」）也尝试使用你的关联码，已被拒绝。如果正在等你确认的账号不是你本人的，请点“拒绝”。');
    expect(t.texts(TG('li')).at(-1)).toMatch(/^要把这些账号关联为同一个人吗？/); // typed again by the same account: the same question
    expect(t.rows('select status, redeemer_member_id as r from account_links')).toEqual([{ status: 'pending', r: t.memberOf('telegram', 'li') }]);
    expect(t.audit().at(-1)).toEqual({ action: 'link.refused', actor: t.memberOf('discord', 'mallory'), reason: 'code_pending' });
  });

  it('refuses a code from the same member, from the same platform, and while another link waits', async () => {
    const first = [li, say('li', '/link')];
    const a = await codeAfter(first);
    const second = [...first, say('li', `/link ${a}`), say('li2', `/link ${a}`), tg('li', `/link ${a}`), dc('li', '/link')];
    const b = await codeAfter(second);
    const t = await run([...second, say('li', `/link ${b}`)]);
    expect(t.texts('private:li')[1]).toBe('这个关联码是你这个账号（或已经和它关联的账号）生成的。请在另一个平台的账号上输入它。');
    expect(t.texts('private:li2')).toEqual(['不能关联：两边都有本地控制台账号。只能关联不同平台上的账号（例如 Telegram 和 Discord），请用另一个平台上的账号输入关联码。']);
    expect(t.texts('private:li').at(-1)).toBe('已经有一个关联请求在等待确认。请先在那条消息上点“确认关联”或“拒绝”，或者等它过期后再试。');
    expect(t.rows('select status from account_links order by id')).toEqual([{ status: 'pending' }, { status: 'open' }]);
    expect(t.audit().filter((x) => x.action === 'link.refused').map((x) => x.reason)).toEqual(['self', 'same_platform', 'busy']);
    expect(new Set([t.memberOf('local', 'li'), t.memberOf('telegram', 'li'), t.memberOf('discord', 'li'), t.memberOf('local', 'li2')]).size).toBe(4);
  });

  it('replaces an unused code with a new one on /link, and shows a waiting request again instead of a new code', async () => {
    const a = await codeAfter([li, say('li', '/link')]);
    const b = await codeAfter([li, say('li', '/link'), say('li', '/link')]);
    const t = await run([li, say('li', '/link'), say('li', '/link'), tg('li', `/link ${a}`), tg('li', `/link ${b}`), say('li', '/link')]);
    expect(t.texts(TG('li'))[0]).toBe(INVALID);
    expect(t.texts('private:li').at(-1)).toMatch(/^有账号输入了你的关联码：/);
    expect(to(t.r, 'private:li').at(-1)!.buttons).toEqual([[YES, NO]]);
    expect(t.rows('select code, status from account_links order by id')).toEqual([{ code: a, status: 'cancelled' }, { code: b, status: 'pending' }]);
    expect(t.audit().map((x) => [x.action, x.reason])).toEqual([
      ['link.code', null], ['link.cancelled', 'new_code'], ['link.code', null], ['link.refused', 'code_cancelled'], ['link.requested', null],
    ]);
  });

  it('joins an already linked member as a whole, shows all its accounts, and refuses a platform it already has', async () => {
    const c1 = await codeAfter([li, say('li', '/link')]);
    const linked = [li, say('li', '/link'), tg('li', `/link ${c1}`), tgPress('li', YES), press('li', YES)];
    const again = [...linked, tg('li', '/link')];
    const c2 = await codeAfter(again);
    const withDiscord = [...again, say('li', `/link ${c2}`), dc('li', '/link')];
    const c3 = await codeAfter(withDiscord);
    const t = await run([...withDiscord, tg('li', `/link ${c3}`), on('discord', press('li', YES)), tgPress('li', YES), tg('mallory', '/link')]);
    expect(t.texts('private:li').at(-1)).toBe('这个关联码是你这个账号（或已经和它关联的账号）生成的。请在另一个平台的账号上输入它。');
    expect(t.texts(TG('li'))).toContainEqual(expect.stringContaining('· 生成关联码的一方：Discord「li」\n· 你这一方：本地控制台「li」、Telegram「li」\n'));
    const discord = t.memberOf('discord', 'li');
    expect([t.memberOf('local', 'li'), t.memberOf('telegram', 'li')]).toEqual([discord, discord]);
    const c4 = await codeAfter([...withDiscord, tg('li', `/link ${c3}`), on('discord', press('li', YES)), tgPress('li', YES), tg('mallory', '/link')]);
    const clash = await run([...withDiscord, tg('li', `/link ${c3}`), on('discord', press('li', YES)), tgPress('li', YES), tg('mallory', '/link'), say('li', `/link ${c4}`)]);
    expect(clash.texts('private:li').at(-1)).toBe('不能关联：两边都有 Telegram 账号。只能关联不同平台上的账号（例如 Telegram 和 Discord），请用另一个平台上的账号输入关联码。');
    expect(clash.memberOf('telegram', 'mallory')).not.toBe(clash.memberOf('local', 'li'));
  });
});

describe('roles and linking', () => {
  const admin = person('admin', '管理员', { roles: ['admin'] });
  const zhang = person('zhang', '张三');

  it('R4: a student who gets an admin to type their code gains nothing (the repro script, line for line)', async () => {
    const people = [person('li', '李华', { groups: ['class-2301'] }), zhang, admin];
    const code = await codeAfter([...people, say('zhang', '/link')]);
    const t = await run([...people, say('zhang', '/link'), say('admin', `/link ${code}`), say('zhang', '/whoami'), say('zhang', '/grant admin @li')]);
    expect(t.texts('private:admin')).toEqual([PRIVILEGED]);
    expect(t.texts('private:zhang')[1]).toMatch(/^张三（成员编号 #\d+）\n身份：学生\n/);
    expect(t.texts('private:zhang')[2]).toBe('抱歉，/grant 只对有相应权限的老师或同学开放。发送 /help 查看你可以用的命令。');
    expect(t.grants(t.memberOf('local', 'zhang'))).toEqual([]);
    expect(t.grants(t.memberOf('local', 'li'))).toEqual([]);
    expect(t.memberOf('local', 'admin')).not.toBe(t.memberOf('local', 'zhang'));
    expect(t.rows('select status from account_links')).toEqual([{ status: 'open' }]);
    expect(t.audit()).toEqual([
      { action: 'link.code', actor: t.memberOf('local', 'zhang'), reason: null },
      { action: 'link.refused', actor: t.memberOf('local', 'admin'), reason: 'redeemer_privileged' },
    ]);
  });

  it('refuses an admin of the config (no role row) typing a Telegram student\'s code too', async () => {
    const configAdmin = person('admin', '管理员'); // local:admin is an admin in config/default.yaml
    const code = await codeAfter([configAdmin, tg('zhang', '/link')]);
    const t = await run([configAdmin, tg('zhang', '/link'), say('admin', `/link ${code}`), tg('zhang', '/queue')]);
    expect(t.texts('private:admin')).toEqual([PRIVILEGED]);
    expect(t.texts(TG('zhang')).at(-1)).toBe('抱歉，/queue 只对有相应权限的老师或同学开放。发送 /help 查看你可以用的命令。');
    expect(t.memberOf('local', 'admin')).not.toBe(t.memberOf('telegram', 'zhang'));
  });

  it("gives the merged member the trusted side's staff role only after both confirmed; the staff account cannot be the one typing", async () => {
    const wang = person('wang', '王老师', { roles: ['staff'], department: 'logistics' });
    const code = await codeAfter([wang, say('wang', '/link')]);
    const typed = [wang, say('wang', '/link'), tg('wang', `/link ${code}`), tg('wang', '/queue')];
    const t = await run([...typed, tgPress('wang', YES), press('wang', YES), tg('wang', '/queue')]);
    const queue = t.texts(TG('wang'));
    expect(queue[1]).toBe('抱歉，/queue 只对有相应权限的老师或同学开放。发送 /help 查看你可以用的命令。');
    expect(queue.at(-1)).not.toMatch(/^抱歉/);
    expect(t.grants(t.memberOf('telegram', 'wang'))).toEqual([{ role: 'staff', scope: 'logistics' }]);

    const reverse = await codeAfter([wang, tg('wang', '/link')]);
    const r = await run([wang, tg('wang', '/link'), say('wang', `/link ${reverse}`)]);
    expect(r.texts('private:wang')).toEqual([PRIVILEGED]);
    expect(r.grants(r.memberOf('telegram', 'wang'))).toEqual([]);
  });

  it('checks again at the second press: a staff role granted meanwhile to the side that typed blocks the link', async () => {
    const li = person('li', '李华');
    const code = await codeAfter([li, admin, say('li', '/link')]);
    const t = await run([li, admin, say('li', '/link'), tg('li', `/link ${code}`), press('li', YES), say('admin', '/grant staff logistics #3'), tgPress('li', YES)]);
    const blocked = '这次关联现在无法完成：输入关联码的账号在此期间获得了工作人员或管理员身份，或者两边已经有同一平台的账号。没有关联任何账号。';
    expect(t.memberOf('telegram', 'li')).toBe(3);
    expect(t.texts(TG('li')).at(-1)).toBe(blocked);
    expect(t.texts('private:li').at(-1)).toBe(blocked);
    expect(t.memberOf('local', 'li')).not.toBe(3);
    expect(t.grants(t.memberOf('local', 'li'))).toEqual([]);
    expect(t.audit().map((x) => [x.action, x.reason])).toEqual([
      ['link.code', null], ['link.requested', null], ['link.confirmed', null], ['link.confirmed', null], ['link.refused', 'redeemer_privileged'],
    ]);
  });

  it("keeps the union with a class representative's role from the side that typed, once both confirmed", async () => {
    const zhao = person('zhao', '赵班长', { roles: ['rep'], groups: ['class-2301'], rep_of: ['class-2301'] });
    const code = await codeAfter([zhao, tg('zhao', '/link')]);
    const typed = [zhao, tg('zhao', '/link'), say('zhao', `/link ${code}`)];
    const before = await run(typed);
    expect(before.grants(before.memberOf('telegram', 'zhao'))).toEqual([]);
    const t = await run([...typed, press('zhao', YES), tgPress('zhao', YES)]);
    const member = t.memberOf('telegram', 'zhao');
    expect(t.memberOf('local', 'zhao')).toBe(member);
    expect(t.grants(member)).toEqual([{ role: 'rep', scope: 'class-2301' }]);
    expect(t.rows('select group_key as g from memberships where member_id = ?', member)).toEqual([{ g: 'class-2301' }]);
  });
});

describe('link codes and requests expire', () => {
  const li = person('li', '李华');

  it('a code not typed within link_code_minutes works no more, and its end is audited', async () => {
    const code = await codeAfter([li, say('li', '/link')]);
    const t = await run([li, say('li', '/link'), at('2026-03-02T08:31:00+08:00'), tg('li', `/link ${code}`)]);
    expect(t.texts(TG('li'))).toEqual([INVALID]);
    expect(t.rows('select status from account_links')).toEqual([{ status: 'expired' }]);
    expect(t.audit().map((a) => [a.action, a.actor === null ? null : 'member', a.reason])).toEqual([
      ['link.code', 'member', null], ['link.expired', null, null], ['link.refused', 'member', 'code_expired'],
    ]);
  });

  it('a request not confirmed in time tells both sides and a later press gets a clear answer; nothing is joined', async () => {
    const code = await codeAfter([li, say('li', '/link')]);
    const t = await run([li, say('li', '/link'), at('2026-03-02T08:20:00+08:00'), tg('li', `/link ${code}`), tgPress('li', YES),
      at('2026-03-02T08:51:00+08:00'), press('li', YES)]);
    const expired = '这次关联请求已经过期，没有关联任何账号。如需关联，请重新发送 /link。';
    expect(t.texts(TG('li')).slice(-2)).toEqual(['已确认。还需要在另一个账号上确认（3月2日 08:50 前）。', expired]);
    expect(t.texts('private:li').slice(-2)).toEqual([expired, expired]);
    expect(t.memberOf('telegram', 'li')).not.toBe(t.memberOf('local', 'li'));
    expect(t.audit().map((a) => a.action)).toEqual(['link.code', 'link.requested', 'link.confirmed', 'link.expired']);
  });
});

describe('linking in English', () => {
  it("shows the creator's confirmation in the creator's language", async () => {
    const amy = person('amy', 'Amy', { locale: 'en' });
    const code = await codeAfter([amy, say('amy', '/link')]);
    const t = await run([amy, say('amy', '/link'), tg('amy', `/link ${code}`), press('amy', 'Refuse')]);
    expect(t.texts('private:amy')[0]).toMatch(/^Link code: [A-Z2-9]{6} \(valid until Mar 2, 08:30, one use\)\./);
    expect(t.texts('private:amy')[1]).toContain('An account typed your link code:\n· Your side: local console "amy"\n· The side that typed the code: Telegram "amy"\n');
    expect(t.texts('private:amy')[2]).toBe('Refused. Nothing was linked.');
    expect(t.texts(TG('amy')).at(-1)).toBe('另一方拒绝了这次关联，没有关联任何账号。');
  });
});
