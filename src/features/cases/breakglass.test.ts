/**
 * Break-glass: staff learn who is behind a case's alias only when the student says so, or when a
 * counsellor's request with a reason is approved by a second, different person (the head of
 * counselling or an admin). It is audited and the student is told afterwards.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { press, say, simulate, testConfig } from '../../../test/harness.js';
import { createLocalPort } from '../../adapters/local/local-port.js';
import { SIM_START } from '../../adapters/sim/simulator.js';
import { createApp } from '../../app.js';
import { ManualClock } from '../../core/clock.js';
import { seededRng } from '../../core/rng.js';
import { openTestStore } from '../../../test/pg/app-store.js';
import { CENTRE, PEOPLE, rows, texts, tmpDb } from './cases.fixtures.js';

/**
 * Presses of buttons by their payload, as a platform delivers them (a forwarded or forged button:
 * the simulator's `press` only finds buttons the bot sent to that chat), through the real app on `dbPath`.
 */
async function pressAll(dbPath: string, presses: [user: string, data: string][]): Promise<Record<string, string[]>> {
  const store = await openTestStore(dbPath); // PostgreSQL under npm run test:pg
  const seen: Record<string, string[]> = {};
  const port = createLocalPort((m) => void (seen[m.chatId] ??= []).push(m.text));
  const app = createApp({ config: testConfig(), db: store.db, store, clock: new ManualClock(new Date(SIM_START)), rng: seededRng(2), log: pino({ level: 'silent' }), ports: new Map([['local', port]]) });
  try {
    for (const [user, data] of presses) await app.router.handle({ chat: { platform: 'local', id: `private:${user}`, kind: 'private' }, sender: { id: user, name: user }, text: '', press: data });
    await app.scheduler.runDue();
  } finally {
    await app.scheduler.stop();
    await store.close();
  }
  return seen;
}
const REASON = '同学说今晚要去天台，电话联系不上，需要辅导员到宿舍';
const crisis = [...PEOPLE, say('li', '我今晚就想从天台跳下去'), say('xu', '/claim C-1', CENTRE)];

describe('break-glass', () => {
  it('needs a second, different person: approved by the head of counselling, audited, and the student is told', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...crisis, say('xu', `/reveal C-1 ${REASON}`), press('lin', '批准')], { dbPath });
    expect(r.err).toEqual([]);
    expect(texts(r, 'private:xu')).toContain('已提交查看 C-1 身份的申请，等待心理中心负责人或管理员批准。');
    expect(texts(r, 'private:lin')[0]).toBe(`🔐 徐老师 申请查看 C-1（${rows(dbPath, 'select alias from cases').map((x) => `匿名同学 #${String(x.alias)}`)[0]}）是谁。\n原因：${REASON}\n批准后对方会看到同学的名字；这会记入审计日志，同学事后会被告知。`);
    expect(texts(r, 'private:boss')).toHaveLength(1); // admins are asked too
    expect(texts(r, 'private:xu').at(-1)).toBe('🔓 林主任 批准了：C-1 是 李华。这次查看已记入审计日志，同学会被告知。');
    expect(texts(r, 'private:lin').at(-1)).toBe('已批准查看 C-1 的身份，已记入审计日志。');
    expect(texts(r, 'private:li').at(-1)).toBe(`为了你的安全，心理中心的老师经心理中心负责人批准，查看了你是谁。原因：${REASON}\n如果你有疑问或不同意，可以直接回复，也可以联系学校。`);
    expect(rows(dbPath, 'select actor_member_id as actor, action, target, detail from audit_log order by id')).toEqual([
      { actor: 3, action: 'case.reveal.requested', target: 'C-1', detail: '{"request":1}' },
      { actor: 5, action: 'case.reveal.approved', target: 'C-1', detail: '{"request":1,"requestedBy":3}' },
    ]);
    expect(rows(dbPath, 'select status, requested_by, decided_by from case_reveals')).toEqual([{ status: 'approved', requested_by: 3, decided_by: 5 }]);
    // Only the requester was told the name: the counselling chat and the approver never read it.
    for (const chat of [CENTRE, 'private:lin', 'private:boss', 'private:he']) for (const t of texts(r, chat)) expect(t).not.toContain('李华');
  });

  it('cannot be approved by the person who asked, nor by a counsellor who is not the head; the first decision stands', async () => {
    const dbPath = tmpDb();
    await simulate([...crisis, say('lin', `/reveal C-1 ${REASON}`)], { dbPath });
    // Nobody is sent a button for their own request; pressed anyway (a forged or forwarded button), it is refused.
    const seen = await pressAll(dbPath, [['lin', 'cases:approve:1'], ['he', 'cases:approve:1'], ['boss', 'cases:refuse:1'], ['boss', 'cases:approve:1']]);
    expect(seen['private:he']).toEqual(['只有心理中心负责人或管理员可以批准。']);
    expect(seen['private:lin']).toEqual(['申请人不能自己批准：需要另一位心理中心负责人或管理员。', '管理员 没有批准查看 C-1 的身份。']);
    expect(seen['private:boss']).toEqual(['已拒绝查看 C-1 身份的申请。', '这个申请已经处理过了。']);
    for (const t of Object.values(seen).flat()) expect(t).not.toContain('李华');
    expect(rows(dbPath, 'select status, decided_by from case_reveals')).toEqual([{ status: 'refused', decided_by: 8 }]);
    expect(rows(dbPath, "select action from audit_log where action like 'case.%' order by id").map((x) => x.action)).toEqual(['case.reveal.requested', 'case.reveal.refused']);
  });

  it('is not requested at all when nobody else could approve it', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...crisis.filter((p) => !('user' in p) || p.user !== 'boss'), say('lin', `/reveal C-1 ${REASON}`)], { dbPath });
    expect(texts(r, 'private:lin')).toEqual(['没有可以批准的人：需要心理中心负责人或管理员，并且不能是申请人自己。']);
    expect(rows(dbPath, 'select count(*) as n from case_reveals')).toEqual([{ n: 0 }]);
  });

  it('is not something another department\'s staff can ask for, and no command shows the name otherwise', async () => {
    const r = await simulate([...crisis, say('wang', `/reveal C-1 ${REASON}`), say('xu', '/cases'), say('xu', '/status C-1'), say('boss', '/cases')]);
    expect(texts(r, 'private:wang')).toEqual(['找不到个案 C-1，或者你没有权限查看。']);
    expect(texts(r, 'private:xu').at(-2)).toMatch(/^进行中的心理个案（1）：\nC-1 · 匿名同学 #[0-9A-F]{4} · 危机 · 徐老师跟进中 · 最近 /);
    for (const l of r.out.filter((x) => x.to !== 'private:li')) expect(l.text).not.toContain('李华');
  });
});
