/**
 * What every message asks of the store (who sent it, with their grants, which chat it is) and the
 * writes it may make (a new person and chat, a fresh last-seen day, a class membership): the same
 * repo functions on SQLite and on PostgreSQL, with the same expectations.
 */
import { describe, expect, it } from 'vitest';
import { closeDb, openDb, type Q } from '../../src/db/client.js';
import { closePg, openPg } from '../../src/db/pg/client.js';
import { tables } from '../../src/db/tables.js';
import {
  activeLinksOf, addGrant, findCode, forgetAccessRows, grantsOf, holders, insertCode, insertLink, linkByCode, moveRepGrants, removeGrant, updateLink, useCode,
} from '../../src/features/access/access.repo.js';
import { boundChats, boundScopes, deletePrivateChat, findChat, setBinding, upsertChat } from '../../src/features/chats/chats.repo.js';
import {
  addMembership, eraseMemberRows, findIdentity, findSender, getMember, identitiesOf, identityKeys, insertIdentity, insertMember, memberExport,
  membersByUsername, mergeMemberRows, reachableIdentities, setLocales, touchIdentity,
} from '../../src/features/members/members.repo.js';
import { freshPgDatabase } from './db.js';

const [url, url2] = [await freshPgDatabase(), await freshPgDatabase()]; // one campus each
const DAY1 = new Date('2026-03-02T00:00:00.000Z');
const LATER = new Date('2026-03-05T09:30:00.000Z'); // its day: 2026-03-05

/** A campus with two people (one with two accounts and a role) and two chats, then one message's worth of reads and writes. */
async function scenario(q: Q) {
  const { memberships } = tables(q);
  const li = await insertMember(q, { name: '李华', platformLocale: 'zh-hans', building: '3号楼' }, DAY1);
  const amy = await insertMember(q, { name: 'Amy', platformLocale: null }, DAY1);
  await insertIdentity(q, li.id, { platform: 'telegram', platformUserId: '1001', username: 'lihua', displayName: '华 李', privateChatId: '1001' }, DAY1);
  await insertIdentity(q, li.id, { platform: 'discord', platformUserId: '77', username: null, displayName: 'Li', privateChatId: null }, DAY1);
  await insertIdentity(q, amy.id, { platform: 'telegram', platformUserId: '2002', username: 'amy', displayName: 'Amy', privateChatId: null }, DAY1);
  const staffChat = await upsertChat(q, { platform: 'telegram', id: '-1009', kind: 'group', title: '后勤' }, DAY1, { binding: 'staff', scope: 'logistics' });
  const grantedOnce = await addGrant(q, li.id, { role: 'staff', scope: 'logistics' }, null, DAY1);
  const grantedTwice = await addGrant(q, li.id, { role: 'staff', scope: 'logistics' }, null, DAY1);
  await addGrant(q, li.id, { role: 'rep', scope: 'class-2301' }, null, DAY1);

  // A message: who sent it, their grants and config keys, which chat.
  const sender = await findSender(q, 'telegram', '1001');
  const stranger = await findSender(q, 'telegram', '999');
  const read = {
    sender, stranger,
    identity: await findIdentity(q, 'discord', '77'),
    member: await getMember(q, amy.id),
    nobody: await getMember(q, 999),
    grants: await grantsOf(q, li.id),
    noGrants: await grantsOf(q, amy.id),
    keys: (await identityKeys(q, li.id)).sort(),
    chat: await findChat(q, 'telegram', '-1009'),
    noChat: await findChat(q, 'telegram', '-1'),
    staff: await holders(q, 'staff', 'logistics'),
  };

  // What a message may write: a fresh last-seen day and a private chat, a language, a new chat (retitled later), a membership (twice).
  await touchIdentity(q, sender!.identity.id, { username: 'lihua2', displayName: '李华', privateChatId: null }, LATER);
  await touchIdentity(q, read.identity!.id, { username: null, displayName: 'Li', privateChatId: 'dm-77' }, LATER);
  await setLocales(q, amy.id, 'locale', 'en');
  await setLocales(q, li.id, 'platformLocale', null);
  const group = await upsertChat(q, { platform: 'local', id: 'group:class-2301', kind: 'group' }, LATER, { binding: 'class', scope: 'class-2301' });
  const again = await upsertChat(q, { platform: 'local', id: 'group:class-2301', kind: 'group', title: '2301' }, LATER);
  await addMembership(q, li.id, 'class-2301');
  await addMembership(q, li.id, 'class-2301');
  const written = {
    grantedOnce, grantedTwice, staffChatId: staffChat.id, group, again,
    retitled: await findChat(q, 'local', 'group:class-2301'),
    li: await getMember(q, li.id),
    amy: await getMember(q, amy.id),
    accounts: await identitiesOf(q, li.id),
    reachable: (await reachableIdentities(q, li.id)).map((i) => i.platform),
    groups: await q.select().from(memberships),
  };
  return { read, written };
}

const day = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

function expectations(r: Awaited<ReturnType<typeof scenario>>) {
  const { read, written } = r;
  expect(read.sender).toEqual({
    identity: { id: 1, memberId: 1, platform: 'telegram', platformUserId: '1001', username: 'lihua', displayName: '华 李', privateChatId: '1001', reachable: true, createdAt: DAY1, lastSeenAt: DAY1 },
    member: { id: 1, name: '李华', locale: null, platformLocale: 'zh-hans', building: '3号楼', createdAt: DAY1, erasedAt: null },
  });
  expect(read.stranger).toBeUndefined();
  expect(read.identity).toMatchObject({ id: 2, memberId: 1, platform: 'discord', username: null, privateChatId: null, reachable: true });
  expect(read.member).toEqual({ id: 2, name: 'Amy', locale: null, platformLocale: null, building: null, createdAt: DAY1, erasedAt: null });
  expect(read.nobody).toBeUndefined();
  expect(read.grants).toEqual([{ role: 'rep', scope: 'class-2301' }, { role: 'staff', scope: 'logistics' }]);
  expect(read.noGrants).toEqual([]);
  expect(read.keys).toEqual(['discord:77', 'telegram:1001']);
  expect(read.chat).toEqual({ id: 1, platform: 'telegram', platformChatId: '-1009', kind: 'group', title: '后勤', binding: 'staff', scope: 'logistics', createdAt: DAY1 });
  expect(read.noChat).toBeUndefined();
  expect(read.staff).toEqual([1]);

  expect([written.grantedOnce, written.grantedTwice]).toEqual([true, false]);
  expect(written.group).toEqual({ id: 2, platform: 'local', platformChatId: 'group:class-2301', kind: 'group', title: null, binding: 'class', scope: 'class-2301', createdAt: day(LATER) });
  expect(written.again).toEqual(written.group); // found, not inserted again
  expect(written.retitled).toEqual({ ...written.group, title: '2301' });
  expect(written.li).toMatchObject({ locale: null, platformLocale: null });
  expect(written.amy).toMatchObject({ locale: 'en', platformLocale: null });
  // Most recently seen first; a private chat reported makes an account reachable, none keeps the one known.
  expect(written.accounts.map((i) => [i.platform, i.username, i.displayName, i.privateChatId, i.reachable, i.lastSeenAt])).toEqual([
    ['discord', null, 'Li', 'dm-77', true, day(LATER)],
    ['telegram', 'lihua2', '李华', '1001', true, day(LATER)],
  ]);
  expect(written.reachable).toEqual(['discord', 'telegram']);
  expect(written.groups).toEqual([{ memberId: 1, groupKey: 'class-2301' }]);
}

describe('who sent a message and where, on both stores', () => {
  it('SQLite: the sender, their grants and the chat are found, and a message\'s writes land as expected', async () => {
    const db = openDb(':memory:');
    try {
      expectations(await scenario(db));
    } finally {
      closeDb(db);
    }
  });

  it('PostgreSQL: the same repo functions give the same rows', async () => {
    const pgDb = await openPg(url);
    try {
      expectations(await pgDb.transaction((tx) => scenario(tx as unknown as Q)));
    } finally {
      await closePg(pgDb);
    }
  });
});

/** Linking two accounts, codes, bindings and /forgetme: the less frequent writes, also on both stores. */
async function lessOften(q: Q) {
  const { conversations, memberships } = tables(q);
  const keep = await insertMember(q, { name: 'Keep', platformLocale: null }, DAY1);
  const gone = await insertMember(q, { name: 'Gone', platformLocale: 'en', building: '7号楼' }, DAY1);
  await insertIdentity(q, keep.id, { platform: 'telegram', platformUserId: '1', username: 'Keep', displayName: 'K', privateChatId: '1' }, DAY1);
  await insertIdentity(q, gone.id, { platform: 'discord', platformUserId: '2', username: 'gone', displayName: 'G', privateChatId: 'dm-2' }, DAY1);
  for (const [m, g] of [[keep.id, 'class-1'], [gone.id, 'class-1'], [gone.id, 'class-2']] as const) await addMembership(q, m, g);
  await q.insert(conversations).values({ memberId: gone.id, feature: 'tickets', name: 'intake', data: { step: 1 }, updatedAt: DAY1 });
  await addGrant(q, gone.id, { role: 'rep', scope: 'class-2' }, null, DAY1);
  await addGrant(q, keep.id, { role: 'rep', scope: 'class-1' }, null, DAY1);
  const byName = await membersByUsername(q, 'KEEP');
  await insertCode(q, { code: 'ABC123', purpose: 'role', role: 'staff', scope: 'logistics', createdBy: keep.id, createdAt: DAY1, expiresAt: LATER });
  const uses = [await useCode(q, 'ABC123', gone.id, DAY1), await useCode(q, 'ABC123', keep.id, DAY1)];
  const link = await insertLink(q, { code: 'LNK', status: 'open', creatorMemberId: keep.id, creatorPlatform: 'telegram', createdAt: DAY1, expiresAt: LATER });
  const moves = [await updateLink(q, link.id, ['open'], { status: 'pending', redeemerMemberId: gone.id }), await updateLink(q, link.id, ['open'], { status: 'expired' })];
  const active = (await activeLinksOf(q, gone.id)).map((l) => l.status);
  await moveRepGrants(q, gone.id, keep.id);
  await mergeMemberRows(q, gone.id, keep.id);
  const merged = {
    byName, uses, moves, active,
    member: await getMember(q, keep.id), goneMember: await getMember(q, gone.id),
    accounts: (await identitiesOf(q, keep.id)).map((i) => i.platformUserId).sort(),
    groups: (await q.select().from(memberships)).map((m) => [m.memberId, m.groupKey]).sort(),
    dialogue: (await q.select().from(conversations)).map((c) => c.memberId),
    grants: await grantsOf(q, keep.id),
    removed: [await removeGrant(q, keep.id, { role: 'rep', scope: 'class-2' }), await removeGrant(q, keep.id, { role: 'rep', scope: 'class-2' })],
  };
  const bound = await upsertChat(q, { platform: 'telegram', id: '-5', kind: 'group' }, DAY1);
  await setBinding(q, bound.id, 'class', 'class-1');
  await upsertChat(q, { platform: 'telegram', id: '1', kind: 'private' }, DAY1);
  const chats = { classes: await boundScopes(q, 'class'), inClass: (await boundChats(q, 'class', 'class-1')).map((c) => c.platformChatId) };
  const exported = await memberExport(q, keep.id);
  const privateChats = await eraseMemberRows(q, keep.id, LATER);
  for (const c of privateChats) await deletePrivateChat(q, c.platform, c.chatId);
  const cancelled = await forgetAccessRows(q, keep.id, LATER);
  const erased = {
    privateChats, cancelled: cancelled.map((l) => l.code), member: await getMember(q, keep.id),
    accounts: await identitiesOf(q, keep.id), grants: await grantsOf(q, keep.id), chat: await findChat(q, 'telegram', '1'),
    link: (await linkByCode(q, 'LNK'))?.status, code: await findCode(q, 'ABC123'),
  };
  return { merged, chats, exported, erased };
}

function lessOftenExpectations(r: Awaited<ReturnType<typeof lessOften>>) {
  expect(r.merged).toEqual({
    byName: [1], uses: [true, false], moves: [true, false], active: ['pending'],
    member: { id: 1, name: 'Keep', locale: null, platformLocale: null, building: '7号楼', createdAt: DAY1, erasedAt: null },
    goneMember: undefined,
    accounts: ['1', '2'],
    groups: [[1, 'class-1'], [1, 'class-2']],
    dialogue: [1],
    grants: [{ role: 'rep', scope: 'class-1' }, { role: 'rep', scope: 'class-2' }],
    removed: [true, false],
  });
  expect(r.chats).toEqual({ classes: ['class-1'], inClass: ['-5'] });
  expect(r.exported).toMatchObject({ member: { number: 1, name: 'Keep', building: '7号楼' }, groups: ['class-1', 'class-2'], dialogue_in_progress: { feature: 'tickets', step: 'intake' } });
  expect(r.erased).toMatchObject({
    privateChats: [{ platform: 'telegram', chatId: '1' }, { platform: 'discord', chatId: 'dm-2' }], cancelled: ['LNK'],
    member: { name: '', building: null, erasedAt: day(LATER) }, accounts: [], grants: [], chat: undefined, link: 'cancelled',
    code: { usedBy: 2 },
  });
}

describe('linking, codes, bindings and erasure, on both stores', () => {
  it('SQLite', async () => {
    const db = openDb(':memory:');
    try {
      lessOftenExpectations(await lessOften(db));
    } finally {
      closeDb(db);
    }
  });

  it('PostgreSQL', async () => {
    const pgDb = await openPg(url2);
    try {
      lessOftenExpectations(await pgDb.transaction((tx) => lessOften(tx as unknown as Q)));
    } finally {
      await closePg(pgDb);
    }
  });
});
