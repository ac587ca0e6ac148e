/**
 * Members and their platform identities: registration on first contact, the locale rule of SPEC
 * section 2, finding people by @username or #id, and declared people (simulator, console demo).
 */
import type { Config, Person } from '../../config.js';
import type { Q } from '../../db/client.js';
import type { Awaitable } from '../../core/feature.js';
import type { Incoming, Platform } from '../../core/message.js';
import { matchLocale, type Locale } from '../../core/i18n.js';
import type { Identified } from '../../core/router.js';
import type { PrivateTarget } from '../../core/messenger.js';
import { canonicalBuilding } from '../../core/buildings.js';
import { dayOf } from '../../core/time.js';
import { roleSet, type Grant } from '../../core/roles.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { ChatsService } from '../chats/chats.service.js';
import { addGrant, grantsOf } from '../access/access.repo.js';
import {
  addMembership, eraseMemberRows, findIdentity, findSender, getMember, identitiesOf, identityKeys, insertIdentity, insertMember, memberExport, membersByUsername,
  mergeMemberRows, reachableIdentities, setLocales, setReachable, touchIdentity, updateMember, type IdentityRow, type MemberRow,
} from './members.repo.js';

export interface MembersDeps {
  units: UnitRunner;
  config: Config;
  chats: ChatsService;
}

/** The order accounts are listed in when linking. */
const PLATFORM_ORDER: readonly Platform[] = ['local', 'telegram', 'discord'];

/** A member number as typed: "#12", "M-12", "m12". */
const MEMBER_NUMBER = /^(?:#|m-?)(\d{1,9})$/i;

/** Whether a handle is a member number (anyone can type one) rather than an @username. */
export const isMemberNumber = (handle: string): boolean => MEMBER_NUMBER.test(handle.trim());

export function createMembersService(deps: MembersDeps) {
  const { units, config } = deps;
  const admins = new Set(config.admins);

  function localeOf(member: MemberRow): Locale {
    return member.locale ?? matchLocale(member.platformLocale) ?? config.campus.default_locale;
  }

  /** Grants from the database plus admin for identities listed in config. */
  async function grantsFor(q: Q, memberId: number): Promise<Grant[]> {
    const grants = await grantsOf(q, memberId);
    if (!admins.size) return grants;
    const configAdmin = (await identityKeys(q, memberId)).some((key) => admins.has(key));
    return configAdmin ? [...grants, { role: 'admin', scope: '*' }] : grants;
  }

  /**
   * Finds or creates the sender's member and identity, refreshing what the platform reports.
   * Writes only what changed (and the last-seen day once a day; it only picks the freshest chat): most messages read only.
   */
  async function register(q: Q, msg: Incoming, now: Date): Promise<{ member: MemberRow; identity: IdentityRow }> {
    const { sender, chat } = msg;
    const fresh = {
      username: sender.username ?? null, displayName: sender.name,
      privateChatId: chat.kind === 'private' ? chat.id : null,
    };
    const known = await findSender(q, chat.platform, sender.id);
    if (!known) {
      const member = await insertMember(q, { name: sender.name, platformLocale: sender.locale ?? null }, now);
      const first = { ...fresh, privateChatId: fresh.privateChatId ?? sender.privateChatId ?? null };
      const identity = await insertIdentity(q, member.id, { platform: chat.platform, platformUserId: sender.id, ...first }, now);
      return { member, identity };
    }
    const { identity: found, member } = known;
    // A private chat the platform offers from a group is taken only while none is known (never over a refusal).
    if (fresh.privateChatId === null && found.privateChatId === null && sender.privateChatId) fresh.privateChatId = sender.privateChatId;
    const changed = found.username !== fresh.username || found.displayName !== fresh.displayName
      || (fresh.privateChatId !== null && (found.privateChatId !== fresh.privateChatId || !found.reachable))
      || dayOf(now) > found.lastSeenAt;
    if (changed) await touchIdentity(q, found.id, fresh, now);
    if (sender.locale && sender.locale !== member.platformLocale) await setLocales(q, member.id, 'platformLocale', sender.locale);
    const identity = { ...found, ...fresh, privateChatId: fresh.privateChatId ?? found.privateChatId, reachable: fresh.privateChatId ? true : found.reachable };
    return { member: { ...member, platformLocale: sender.locale ?? member.platformLocale }, identity };
  }

  /** The router's view of who wrote `msg`; registers them and the chat on first contact. Runs inside the message's unit of work. */
  async function identify(msg: Incoming, now: Date): Promise<Identified> {
    const q = units.q();
    const { member, identity } = await register(q, msg, now);
    const chat = await deps.chats.ensure(msg.chat, now);
    if (chat.binding === 'class' && chat.scope) await addMembership(q, member.id, chat.scope);
    const privateChatId = msg.chat.kind === 'private' ? msg.chat.id : identity.reachable ? identity.privateChatId : null;
    return {
      member: { id: member.id, name: member.name },
      locale: localeOf(member),
      roles: roleSet(await grantsFor(q, member.id)),
      chat: { id: chat.id, platform: chat.platform, platformChatId: chat.platformChatId, kind: chat.kind, binding: chat.binding, scope: chat.scope },
      privateChatId,
      identityId: identity.id,
    };
  }

  /** Creates or refreshes a declared person on the local platform (simulator, console demo). */
  function declare(p: Person, now: Date): Promise<number> {
    return units.atomic(async (q) => {
      const msg: Incoming = {
        chat: { platform: 'local', id: `private:${p.user}`, kind: 'private' },
        sender: { id: p.user, name: p.name, username: p.user, ...(p.locale ? { locale: p.locale } : {}) },
        text: '',
      };
      const { member } = await register(q, msg, now);
      await updateMember(q, member.id, { name: p.name, building: p.building ? canonicalBuilding(p.building) : null });
      for (const g of declaredGrants(p)) await addGrant(q, member.id, g, null, now);
      for (const key of [...p.groups, ...p.rep_of]) await addMembership(q, member.id, key);
      return member.id;
    });
  }

  /** The member's reachable private chats, best first (on the caller's unit's handle, else outside any). */
  function privateTargets(memberId: number): Promise<PrivateTarget[]> {
    return units.read((q) => targetsOf(q, memberId));
  }

  async function targetsOf(q: Q, memberId: number): Promise<PrivateTarget[]> {
    const member = await getMember(q, memberId);
    if (!member) return [];
    const locale = localeOf(member);
    return (await reachableIdentities(q, memberId)).map((i) => ({ identityId: i.id, platform: i.platform, chatId: i.privateChatId!, locale }));
  }

  /**
   * Resolves "@username", "#12" or "M-12" to a member id; undefined when nobody or several match.
   */
  function resolve(handle: string): Promise<number | undefined> {
    return units.read(async (q) => {
      const byId = MEMBER_NUMBER.exec(handle.trim());
      if (byId) return (await getMember(q, Number(byId[1])))?.erasedAt === null ? Number(byId[1]) : undefined; // an erased member is nobody
      const name = handle.trim().replace(/^@/, '');
      if (!name) return undefined;
      const ids = await membersByUsername(q, name);
      return ids.length === 1 ? ids[0] : undefined;
    });
  }

  /**
   * `resolve`, limited to the members `may` lets the asker name: anyone else resolves like nobody,
   * so that trying handles one by one (#1, #2, …) tells nothing about who exists or what they are called.
   */
  async function resolveAmong(handle: string, may: (memberId: number) => Awaitable<boolean>): Promise<number | undefined> {
    const id = await resolve(handle);
    return id !== undefined && (await may(id)) ? id : undefined;
  }

  /** Writes of a handler in the caller's unit, else (the outbox worker, an adapter) in a unit of their own. */
  const write = <T>(work: (q: Q) => Promise<T>): Promise<T> => (units.current() ? work(units.q()) : units.atomic(work));

  return {
    identify,
    declare,
    privateTargets,
    resolve,
    resolveAmong,
    get: (id: number) => units.read((q) => getMember(q, id)),
    /** The member behind a configured identity ("telegram:123456", "local:xu"), once they have talked to the bot. */
    async byIdentity(handle: string): Promise<number | undefined> {
      const at = handle.indexOf(':');
      return (await units.read((q) => findIdentity(q, handle.slice(0, at) as Platform, handle.slice(at + 1))))?.memberId;
    },
    localeOf,
    identities: (memberId: number) => units.read((q) => identitiesOf(q, memberId)),
    /** The member's accounts as others may see them when linking: platform and display name only, in platform order. */
    accounts: async (memberId: number) => (await units.read((q) => identitiesOf(q, memberId))).map((i) => ({ platform: i.platform, name: i.displayName }))
      .sort((a, b) => PLATFORM_ORDER.indexOf(a.platform) - PLATFORM_ORDER.indexOf(b.platform)),
    /** Moves the member rows of `from` into `to` and deletes `from`: the last step of linking two accounts. */
    absorb: (q: Q, from: number, to: number) => mergeMemberRows(q, from, to),
    grants: (memberId: number) => units.read((q) => grantsFor(q, memberId)),
    /** The member's identity that the config lists among its admins, if any. */
    adminByConfig: async (memberId: number) => (await units.read((q) => identityKeys(q, memberId))).find((key) => admins.has(key)),
    /** The member row, accounts, groups and dialogue, for /mydata. */
    exportMine: (q: Q, memberId: number) => memberExport(q, memberId),
    /** /forgetme: the member row loses name and languages, accounts, groups, dialogue and private chats go. */
    async erase(q: Q, memberId: number, now: Date): Promise<void> {
      for (const c of await eraseMemberRows(q, memberId, now)) await deps.chats.forgetPrivate(q, c.platform, c.chatId);
    },
    setLocale: (memberId: number, locale: Locale) => write((q) => setLocales(q, memberId, 'locale', locale)),
    markUnreachable: (identityId: number) => write((q) => setReachable(q, identityId, false)),
    markSenderUnreachable: (msg: Incoming) => write(async (q) => {
      const i = await findIdentity(q, msg.chat.platform, msg.sender.id);
      if (i) await setReachable(q, i.id, false);
    }),
  };
}

function declaredGrants(p: Person): Grant[] {
  const grants: Grant[] = [];
  // A person declared with a department works there: as its lead when so declared, else as staff.
  if (p.department) grants.push({ role: p.roles.includes('lead') ? 'lead' : 'staff', scope: p.department });
  if (p.roles.includes('rep')) for (const g of p.rep_of) grants.push({ role: 'rep', scope: g });
  if (p.roles.includes('admin')) grants.push({ role: 'admin', scope: '*' });
  return grants;
}

export type MembersService = ReturnType<typeof createMembersService>;
