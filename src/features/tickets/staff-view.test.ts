/**
 * What staff see of a ticket (internal notes, who reported it, how it is handled) and their queue
 * are shown only in the ticket's own department's staff chat or in private; asked for anywhere
 * else, the answer goes privately and the chat is told so (issue 11, point 6).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../../../test/pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../../../test/harness.js';

const LOGISTICS = 'group:staff-logistics';
const AFFAIRS = 'group:staff-student_affairs';
const CLASS = 'group:class-2301';
const POINTER = '这部分内容不适合在本群显示，我已私信回复你。';
const people = [
  person('li', '李华', { groups: ['class-2301'] }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics', groups: ['class-2301'] }),
  person('liu', '刘老师', { roles: ['staff'], department: 'student_affairs' }),
  person('boss', '管理员', { roles: ['admin'] }),
];
/** T-1: li's heater (logistics), with an internal note; T-2: li's complaint (student affairs). */
const tickets = [
  ...people,
  say('li', '/repair 3号楼502 热水器坏了'), press('li', '确认提交'),
  say('wang', '/note T-1 SECRET 钥匙在宿管'),
  say('li', '/complaint 宿管态度差'), press('li', '服务质量'), press('li', '实名提交'), press('li', '确认提交'),
];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-staffview-')), 'y.db');
const texts = (r: Awaited<ReturnType<typeof simulate>>, chat: string) => to(r, chat).map((l) => l.text);
/** What the bot said after `setup` (a simulation is deterministic, so its own run tells how much that is). */
const lengths = new Map<unknown[], Promise<number>>();
async function after(setup: unknown[], r: Awaited<ReturnType<typeof simulate>>) {
  if (!lengths.has(setup)) lengths.set(setup, simulate(setup as Parameters<typeof simulate>[0]).then((x) => x.out.length));
  return r.out.slice(await lengths.get(setup)!);
}

describe('a ticket asked for in another department\'s staff chat', () => {
  it('is answered privately: the chat only hears where the answer went (/status)', async () => {
    const r = await simulate([...tickets, say('wang', '/status T-1', AFFAIRS)]);
    expect(await after(tickets, r)).toEqual([
      expect.objectContaining({ to: 'private:wang', text: expect.stringContaining('🔒 内部备注（王老师）：SECRET 钥匙在宿管') }),
      expect.objectContaining({ to: AFFAIRS, text: POINTER }),
    ]);
  });

  it('is answered privately for the queue too, which lists only the sender\'s departments', async () => {
    const r = await simulate([...tickets, say('wang', '/queue', AFFAIRS)]);
    const [answer, pointer] = await after(tickets, r);
    expect(pointer).toEqual(expect.objectContaining({ to: AFFAIRS, text: POINTER }));
    expect(answer).toEqual(expect.objectContaining({ to: 'private:wang', text: expect.stringMatching(/^「后勤保障处」待处理工单（1）：\nT-1 \[报修\] 3号楼502 热水器坏了/) }));
  });

  it('keeps staff actions working and confirms them privately, without the student\'s name in the chat', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...tickets, say('wang', '/reply T-1 明天上门', AFFAIRS), say('wang', '/note T-1 带扳手', CLASS)], { dbPath });
    const out = await after(tickets, r);
    expect(out.filter((l) => l.to === AFFAIRS || l.to === CLASS).map((l) => l.text)).toEqual([POINTER, POINTER]);
    expect(texts(r, 'private:wang').slice(-2)).toEqual(['已把回复转达给 T-1 的李华。', '已为 T-1 添加内部备注，学生看不到。']);
    expect(texts(r, 'private:li').at(-1)).toBe('【T-1 · 后勤保障处】回复你：\n明天上门');
    const db = openTestDatabase(dbPath, { readonly: true });
    expect(db.prepare("select type, text from ticket_events where type in ('reply', 'note') order by id").all()).toEqual([
      { type: 'note', text: 'SECRET 钥匙在宿管' }, { type: 'reply', text: '明天上门' }, { type: 'note', text: '带扳手' },
    ]);
  });

  it('is answered privately to an admin as well', async () => {
    const r = await simulate([...tickets, say('boss', '/status T-1', AFFAIRS)]);
    expect((await after(tickets, r)).map((l) => l.to)).toEqual(['private:boss', AFFAIRS]);
  });
});

describe('a department\'s own staff chat', () => {
  it('shows the staff view of its tickets in place', async () => {
    const r = await simulate([...tickets, say('wang', '/status T-1', LOGISTICS)]);
    expect(await after(tickets, r)).toEqual([expect.objectContaining({ to: LOGISTICS, text: expect.stringContaining('🔒 内部备注（王老师）：SECRET 钥匙在宿管') })]);
  });

  it('shows only its own department\'s queue, even to someone who works in two', async () => {
    const both = [...tickets, say('boss', '/grant staff student_affairs @wang')];
    const r = await simulate([...both, say('wang', '/queue', LOGISTICS), say('wang', '/queue', AFFAIRS), say('boss', '/queue', AFFAIRS)]);
    const out = await after(both, r);
    expect(out.map((l) => [l.to, l.text.split('\n')[0]])).toEqual([
      [LOGISTICS, '「后勤保障处」待处理工单（1）：'],
      [AFFAIRS, '「学工处」待处理工单（1）：'],
      [AFFAIRS, '「学工处」待处理工单（1）：'],
    ]);
    expect(out.map((l) => l.text).join('\n')).not.toMatch(/T-1.*学工处|T-2.*后勤/);
  });

  it('does not show another department\'s ticket to its staff (as if it did not exist)', async () => {
    const r = await simulate([...tickets, say('liu', '/status T-1', AFFAIRS), say('liu', '/status T-9', AFFAIRS)]);
    expect(texts(r, AFFAIRS).slice(-2)).toEqual(['找不到工单 T-1，或者你没有权限查看。', '找不到工单 T-9，或者你没有权限查看。']);
  });
});

describe('the repro script R8-crossdept-notes', () => {
  it('posts nothing of logistics\' internal note in student affairs\' staff chat', async () => {
    const r = await simulate(readFileSync('test/fixtures/repro/R8-crossdept-notes.jsonl', 'utf8').split('\n'));
    expect(texts(r, AFFAIRS)).toEqual([POINTER]);
    expect(texts(r, 'private:wang').at(-1)).toContain('SECRET 内部备注');
  });
});
