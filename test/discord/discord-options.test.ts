/**
 * Typed options of /assign, /bind and a counsellor's /reply on Discord, through discord.js and the
 * fake: what each autocomplete offers is what the features let the caller name (a lead their
 * department's staff, a rep their classes, a counsellor the open cases by alias, never a name), and
 * the options come back as the command line the core reads.
 */
import type { APIUser } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addGrant } from '../../src/features/access/access.repo.js';
import { insertTicket } from '../../src/features/tickets/tickets.repo.js';
import type { GrantRole } from '../../src/core/roles.js';
import { until } from '../until.js';
import { startDiscordCampus, type DiscordCampus } from './in-process.js';

let c: DiscordCampus;
let wang: APIUser;
let liu: APIUser;
let zhao: APIUser;
beforeEach(async () => {
  c = await startDiscordCampus({ channels: ['logistics'] });
  await c.registerCommands();
  const guild = c.fake.store.channel(c.general).guildId!;
  wang = c.fake.addUser({ username: 'wang', globalName: '王师傅', guilds: [guild], locale: 'zh-CN' });
  liu = c.fake.addUser({ username: 'liu', globalName: '刘科长', guilds: [guild], locale: 'zh-CN' });
  zhao = c.fake.addUser({ username: 'zhao', globalName: '赵老师', guilds: [guild], locale: 'zh-CN' });
  const everyone = [c.lihua, c.amy, c.admin, wang, liu, zhao];
  for (const u of everyone) c.fake.userSends({ from: u, content: '/start' });
  await until(() => c.rows('select 1 from identities').length === everyone.length, 10_000);
  await grant(wang, 'staff', 'logistics');
  await grant(liu, 'lead', 'logistics');
  await grant(zhao, 'staff', 'counselling');
  await grant(c.lihua, 'rep', 'class-2301');
});
afterEach(() => c.stop());

const memberOf = (u: APIUser) => (c.rows(`select member_id as id from identities where platform_user_id = '${u.id}'`)[0] as { id: number }).id;
const grant = (u: APIUser, role: GrantRole, scope: string) => c.app.units.atomic((q) => addGrant(q, memberOf(u), { role, scope }, null, new Date()));
const ticket = async (reporter: APIUser, departmentId: string, description: string) => {
  const now = new Date();
  return (await c.app.units.atomic((q) => insertTicket(q, {
    kind: 'repair', category: 'facilities', departmentId, description, reporterId: memberOf(reporter), alias: 'x', firstResponseDue: now, resolutionDue: now, createdAt: now, updatedAt: now,
  }))).id;
};

/** What the autocomplete of `option` offers `from` (as [value, name]), with `options` filled in already. */
async function offered(from: APIUser, name: string, option: string, typed = '', options: Record<string, string> = {}): Promise<[string, string][]> {
  const ask = c.fake.userAutocompletes({ from, channel: c.general, name, option, typed, options });
  return (await c.fake.waitUntil(() => c.fake.interaction(ask.id).choices, 10_000)).map((x) => [String(x.value), x.name]);
}
const values = (choices: [string, string][]) => choices.map(([v]) => v);

describe('typed options on Discord', () => {
  it('/assign: a lead is offered the staff of the ticket\'s department, nobody else is; the two options assign it', async () => {
    const heater = await ticket(c.lihua, 'logistics', '3号楼201 热水器坏了');
    const dorm = await ticket(c.amy, 'student_affairs', '宿舍分配问题');
    const staffOfLogistics = [`#${memberOf(liu)}`, `#${memberOf(wang)}`];
    expect(values(await offered(liu, 'assign', 'member', '', { ticket: `T-${heater}` }))).toEqual(staffOfLogistics);
    expect(await offered(liu, 'assign', 'member', '王', { ticket: `T-${heater}` })).toEqual([[`#${memberOf(wang)}`, `王师傅 · #${memberOf(wang)}`]]);
    expect(values(await offered(liu, 'assign', 'member'))).toEqual(staffOfLogistics); // no ticket yet: the departments they lead
    expect(await offered(liu, 'assign', 'member', '', { ticket: `T-${dorm}` })).toEqual([]); // not their department
    expect(await offered(wang, 'assign', 'member', '', { ticket: `T-${heater}` })).toEqual([]); // staff do not assign
    expect(await offered(c.lihua, 'assign', 'member', '', { ticket: `T-${heater}` })).toEqual([]);
    expect(values(await offered(liu, 'assign', 'ticket'))).toEqual([`T-${heater}`]);

    c.fake.userRunsCommand({ from: liu, channel: c.channels.logistics!, name: 'assign', options: { member: `#${memberOf(wang)}`, ticket: `T-${heater}` } });
    await until(() => c.rows(`select 1 from tickets where id = ${heater} and assignee_id = ${memberOf(wang)}`).length === 1, 10_000, () => c.fake.dump());
  });

  it('/bind: what the channel is for and the department are choices, a class key is offered from the caller\'s classes; the options bind the channel', async () => {
    const bind = c.fake.store.commands.get(c.fake.store.channel(c.general).guildId!)!.find((x) => x.name === 'bind')!;
    const opts = bind.options as { name: string; required?: boolean; autocomplete?: boolean; choices?: { value: string; name_localizations?: Record<string, string> }[] }[];
    expect(opts.map((o) => [o.name, !!o.required, !!o.autocomplete])).toEqual([['as', true, false], ['department', false, false], ['class', false, true]]);
    expect(opts[0]!.choices!.map((x) => [x.value, x.name_localizations?.['zh-CN']])).toEqual([['staff', '部门工作群'], ['class', '班级群'], ['management', '管理层群']]);
    expect(opts[1]!.choices!.map((x) => x.value)).toContain('logistics');
    expect(values(await offered(c.lihua, 'bind', 'class'))).toEqual(['class-2301']);
    expect(await offered(c.amy, 'bind', 'class')).toEqual([]);

    c.fake.userRunsCommand({ from: c.admin, channel: c.channels.logistics!, name: 'bind', options: { department: 'logistics', as: 'staff' } });
    c.fake.userRunsCommand({ from: c.lihua, channel: c.general, name: 'bind', options: { as: 'class', class: 'class-2301' } });
    const bound = () => c.rows(`select platform_chat_id as chat, binding, scope from chats where binding is not null order by binding`);
    await until(() => bound().length === 2, 10_000, () => c.fake.dump());
    expect(bound()).toEqual([{ chat: c.general, binding: 'class', scope: 'class-2301' }, { chat: c.channels.logistics, binding: 'staff', scope: 'logistics' }]);
    expect(values(await offered(c.admin, 'bind', 'class', '2301'))).toEqual(['class-2301']); // an admin: every bound class
  });

  it('/reply: a counsellor is offered the open cases by number and alias, never the student\'s name; nobody else is', async () => {
    c.fake.userSends({ from: c.amy, content: '/talk' });
    await c.fake.waitFor((r) => r.kind === 'create' && r.channelId === c.fake.dmChannelId(c.amy.id), 10_000);
    c.fake.userSends({ from: c.amy, content: 'I have been feeling really low since the exams' });
    await until(() => c.rows(`select 1 from cases where kind = 'talk'`).length === 1, 10_000);
    const [{ id, alias }] = c.rows('select id, alias from cases') as [{ id: number; alias: string }];
    const cases = (await offered(zhao, 'reply', 'ticket')).filter(([v]) => v.startsWith('C-'));
    expect(cases).toEqual([[`C-${id}`, `C-${id} · 匿名同学 #${alias}`]]);
    expect(cases.flat().join(' ')).not.toMatch(/Amy|amy/);
    expect(values(await offered(zhao, 'reply', 'ticket', `C-${id}`))).toEqual([`C-${id}`]);
    expect(values(await offered(wang, 'reply', 'ticket')).filter((v) => v.startsWith('C-'))).toEqual([]);
    expect(values(await offered(c.lihua, 'reply', 'ticket')).filter((v) => v.startsWith('C-'))).toEqual([]);

    c.fake.userRunsCommand({ from: zhao, name: 'reply', options: { ticket: `C-${id}`, text: '我在，愿意听你说说' } });
    await c.fake.waitUntil(() => c.fake.botMessagesIn(c.fake.dmChannelId(c.amy.id)).find((m) => m.content.includes('我在，愿意听你说说')), 10_000);
    // The relay's receipt ("passed on") is written once Discord accepted it: wait for the outbox to settle.
    await until(() => c.rows(`select 1 from outbox where status in ('pending', 'sending')`).length === 0, 10_000, () => c.fake.dump());
  });
});
