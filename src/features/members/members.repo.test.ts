/**
 * The readers every message runs are plain SQLite statements mapped by hand; they must read
 * exactly what drizzle reads, nulls, booleans and dates included.
 */
import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { chats, identities, members, roleGrants } from '../../db/schema.js';
import { grantsOf } from '../access/access.repo.js';
import { findChat } from '../chats/chats.repo.js';
import { findIdentity, findSender, getMember, identitiesOf, identityKeys, setLocales } from './members.repo.js';

describe('the hand-mapped readers of who wrote and where', () => {
  it('read members, identities, chats and grants as drizzle does', async () => {
    const db = openDb(':memory:');
    const at = new Date('2026-03-02T08:00:00.123Z');
    const full = db.insert(members).values({ name: '李华', locale: 'en', platformLocale: 'zh-hans', building: '3号楼', createdAt: at }).returning().get();
    const bare = db.insert(members).values({ name: 'Amy', platformLocale: null, createdAt: at }).returning().get();
    db.insert(identities).values([
      { memberId: full.id, platform: 'telegram', platformUserId: '1001', username: 'lihua', displayName: '华 李', privateChatId: '1001', reachable: false, createdAt: at, lastSeenAt: new Date(at.getTime() + 5) },
      { memberId: full.id, platform: 'discord', platformUserId: '77', username: null, displayName: 'Li', privateChatId: null, createdAt: at, lastSeenAt: at },
    ]).run();
    db.insert(chats).values([
      { platform: 'telegram', platformChatId: '-1009', kind: 'group', title: '后勤', binding: 'staff', scope: 'logistics', createdAt: at },
      { platform: 'telegram', platformChatId: '1001', kind: 'private', createdAt: at },
    ]).run();
    db.insert(roleGrants).values({ memberId: full.id, role: 'staff', scope: 'logistics', grantedBy: null, createdAt: at }).run();

    for (const m of [full, bare]) expect(await getMember(db, m.id)).toEqual(db.select().from(members).where(eq(members.id, m.id)).get());
    for (const i of db.select().from(identities).all()) expect(await findIdentity(db, i.platform, i.platformUserId)).toEqual(i);
    for (const c of db.select().from(chats).all()) expect(await findChat(db, c.platform, c.platformChatId)).toEqual(c);
    for (const i of db.select().from(identities).all()) {
      expect(await findSender(db, i.platform, i.platformUserId)).toEqual({ identity: i, member: db.select().from(members).where(eq(members.id, i.memberId)).get() });
    }
    expect(await findSender(db, 'telegram', '999')).toBeUndefined();
    expect(await identitiesOf(db, full.id)).toEqual(db.select().from(identities).where(eq(identities.memberId, full.id)).orderBy(desc(identities.lastSeenAt)).all());
    expect(await identitiesOf(db, bare.id)).toEqual([]);
    expect(await getMember(db, 999)).toBeUndefined();
    expect(await findIdentity(db, 'telegram', '999')).toBeUndefined();
    expect((await identityKeys(db, full.id)).sort()).toEqual(['discord:77', 'telegram:1001']);
    expect(await grantsOf(db, full.id)).toEqual([{ role: 'staff', scope: 'logistics' }]);
    expect(await grantsOf(db, bare.id)).toEqual([]);

    await setLocales(db, bare.id, 'locale', 'en');
    await setLocales(db, bare.id, 'platformLocale', 'en-US');
    await setLocales(db, full.id, 'platformLocale', null);
    expect(await getMember(db, bare.id)).toMatchObject({ locale: 'en', platformLocale: 'en-US' });
    expect(await getMember(db, full.id)).toMatchObject({ locale: 'en', platformLocale: null });
  });
});
