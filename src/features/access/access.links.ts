/**
 * Linking two accounts of one person on different platforms (/link; README "Linking accounts").
 * The account that asked for the code is the trusted side: its member remains and keeps its roles.
 * The account that types the code has proved only that it holds the code, so it may bring no staff,
 * lead or admin role, and nothing moves until both sides confirmed with the buttons. Every step is
 * written to the audit log: link.code, link.requested, link.confirmed, link.refused, link.expired,
 * link.cancelled, link.merged.
 */
import type { Config } from '../../config.js';
import type { Q } from '../../db/client.js';
import type { LinkStatus } from '../../db/schema.js';
import { writeAudit } from '../../core/audit.repo.js';
import { button, type Feature } from '../../core/feature.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Outgoing, Platform } from '../../core/message.js';
import { codeId, type Rng } from '../../core/rng.js';
import type { RoleSet } from '../../core/roles.js';
import { scheduleTask } from '../../core/tasks.repo.js';
import { formatDateTime } from '../../core/time.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { PLATFORM_NAMES } from '../members/members.messages.js';
import { linkMessages } from './access.links.messages.js';
import { activeLinksOf, insertLink, linkByCode, linkById, moveRepGrants, updateLink, type LinkRow } from './access.repo.js';

export const LINK_EXPIRE_TASK = 'access.link-expire';

/** An account as the other side of a link may see it: platform and display name, nothing else. */
export interface Account {
  platform: Platform;
  name: string;
}

/** What to answer (or tell someone), in their language. */
export type Say = (locale: Locale) => Outgoing;
type Side = 'creator' | 'redeemer';
type Texts = (typeof linkMessages)['zh-CN'];

export interface LinkDeps {
  units: UnitRunner;
  config: Config;
  rng: Rng;
  /** A member's roles as they stand now (database grants and config admins). */
  rolesOf(memberId: number): Promise<RoleSet>;
  accounts(memberId: number): Promise<Account[]>;
  /** Moves the member rows (identities, memberships, dialogue) of `from` into `to` and deletes `from`. */
  absorb(tx: Q, from: number, to: number): Promise<void>;
  /** Feature hooks that move tickets, surveys… from one member to another. */
  mergeHooks(): NonNullable<Feature['onMerge']>[];
  /** Tells a member as the immediate consequence of what is being handled. */
  tell(memberId: number, say: Say): Promise<void>;
  /** Tells a member from due work, through the outbox (`key` is sent at most once). */
  tellLater(tx: Q, key: string, memberId: number, say: Say, now: Date): Promise<void>;
}

const say = (text: (m: Texts, l: Locale) => string): Say => (l) => ({ text: text(tr(linkMessages, l), l) });
const sideOf = (link: LinkRow, memberId: number): Side | undefined =>
  link.creatorMemberId === memberId ? 'creator' : link.redeemerMemberId === memberId ? 'redeemer' : undefined;
const memberOf = (link: LinkRow, side: Side): number => (side === 'creator' ? link.creatorMemberId : link.redeemerMemberId!);
const otherSide = (side: Side): Side => (side === 'creator' ? 'redeemer' : 'creator');

export function normaliseCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '');
}

export function createLinkService(deps: LinkDeps) {
  const { units, config } = deps;
  const ttlMs = config.link_code_minutes * 60_000;
  const until = (d: Date, l: Locale) => formatDateTime(d, config.campus.timezone, l);
  const accountList = (accounts: Account[], l: Locale) => {
    const m = tr(linkMessages, l);
    return accounts.map((a) => m.account({ platform: PLATFORM_NAMES[a.platform][l], name: a.name })).join(m.separator);
  };

  async function audit(tx: Q, actor: number | null, action: string, link: LinkRow | undefined, detail: Record<string, unknown>, now: Date): Promise<void> {
    await writeAudit(tx, { actorMemberId: actor, action, ...(link ? { target: `link:${link.id}` } : {}), detail }, now);
  }

  /** Ends a link that is still open or pending, auditing `link.<status>`; false when it had ended already. */
  async function close(tx: Q, link: LinkRow, status: LinkStatus, actor: number | null, now: Date, detail: Record<string, unknown>): Promise<boolean> {
    if (!(await updateLink(tx, link.id, ['open', 'pending'], { status, closedAt: now }))) return false;
    await audit(tx, actor, `link.${status}`, link, detail, now);
    return true;
  }

  /** The confirmation a side sees: both sides' platforms and display names, and the two buttons. */
  async function prompt(link: LinkRow, side: Side): Promise<Say> {
    const creator = await deps.accounts(link.creatorMemberId);
    const redeemer = await deps.accounts(link.redeemerMemberId!);
    return (l) => {
      const m = tr(linkMessages, l);
      const p = { creator: accountList(creator, l), redeemer: accountList(redeemer, l), until: until(link.expiresAt, l) };
      const buttons = [[button(m.confirmButton, 'access', 'link', link.id, 'yes'), button(m.refuseButton, 'access', 'link', link.id, 'no')]];
      return { text: side === 'creator' ? m.askCreator(p) : m.askRedeemer(p), buttons };
    };
  }

  /** Why `redeemer` may not be joined into `creator`, or undefined. Asked when the code is typed and again at the merge. */
  async function obstacle(creator: number, redeemer: number): Promise<{ reason: string; say: Say } | undefined> {
    const roles = await deps.rolesOf(redeemer);
    if (roles.isAdmin || roles.departments().length) return { reason: 'redeemer_privileged', say: say((m) => m.privileged) };
    const taken = new Set((await deps.accounts(creator)).map((a) => a.platform));
    const clash = (await deps.accounts(redeemer)).find((a) => taken.has(a.platform));
    if (clash) return { reason: 'same_platform', say: say((m, l) => m.samePlatform({ platform: PLATFORM_NAMES[clash.platform][l] })) };
    return undefined;
  }

  async function scheduleExpiry(tx: Q, link: LinkRow, now: Date): Promise<void> {
    await scheduleTask(tx, LINK_EXPIRE_TASK, link.expiresAt, { linkId: link.id }, now, `${LINK_EXPIRE_TASK}:${link.id}`);
  }

  /** Marks a link expired; both sides of a pending one are told (but `except`, who is being answered). */
  async function expire(tx: Q, link: LinkRow, now: Date, except?: number): Promise<void> {
    if (!(await close(tx, link, 'expired', null, now, { was: link.status })) || link.status !== 'pending') return;
    for (const id of [link.creatorMemberId, link.redeemerMemberId!]) {
      if (id !== except) await deps.tellLater(tx, `link:${link.id}:expired:${id}`, id, say((m) => m.expired), now);
    }
  }

  /** /link: a new code (an earlier unused one stops working), or the request already waiting for this member. */
  function request(memberId: number, platform: Platform, now: Date): Promise<Say> {
    return units.atomic(async (tx) => {
      const active = await activeLinksOf(tx, memberId);
      const waiting = active.find((l) => l.status === 'pending');
      if (waiting) return prompt(waiting, sideOf(waiting, memberId)!);
      for (const old of active) await close(tx, old, 'cancelled', memberId, now, { reason: 'new_code' });
      const link = await insertLink(tx, {
        code: codeId(deps.rng, 6), status: 'open', creatorMemberId: memberId, creatorPlatform: platform, createdAt: now, expiresAt: new Date(now.getTime() + ttlMs),
      });
      await scheduleExpiry(tx, link, now);
      await audit(tx, memberId, 'link.code', link, { platform }, now);
      return say((m, l) => m.created({ code: link.code, until: until(link.expiresAt, l) }));
    });
  }

  /** `/link CODE` on another account: every check, then both sides are asked to confirm. Single use. */
  function redeem(memberId: number, platform: Platform, rawCode: string, now: Date): Promise<Say> {
    return units.atomic(async (tx) => {
      const link = await linkByCode(tx, normaliseCode(rawCode));
      const refuse = (reason: string, answer: Say) => (audit(tx, memberId, 'link.refused', link, { reason, side: 'redeemer', platform }, now), answer);
      if (!link) return refuse('unknown_code', say((m) => m.invalid));
      if (link.status === 'open' && link.expiresAt <= now) return await expire(tx, link, now), refuse('expired', say((m) => m.invalid));
      if (link.status === 'pending' && link.redeemerMemberId === memberId) return prompt(link, 'redeemer');
      if (link.status !== 'open') return refuse(`code_${link.status}`, await usedAgain(link, memberId, platform));
      if (link.creatorMemberId === memberId) return refuse('self', say((m) => m.self));
      const blocked = await obstacle(link.creatorMemberId, memberId);
      if (blocked) return refuse(blocked.reason, blocked.say);
      if (await waitingForConfirmation(tx, [link.creatorMemberId, memberId])) return refuse('busy', say((m) => m.busy));
      const pending: LinkRow = { ...link, status: 'pending', redeemerMemberId: memberId, redeemerPlatform: platform, expiresAt: new Date(now.getTime() + ttlMs) };
      await updateLink(tx, link.id, ['open'], { status: 'pending', redeemerMemberId: memberId, redeemerPlatform: platform, expiresAt: pending.expiresAt });
      await scheduleExpiry(tx, pending, now);
      await audit(tx, memberId, 'link.requested', pending, { creator: link.creatorMemberId, redeemer: memberId, platforms: [link.creatorPlatform, platform] }, now);
      await deps.tell(link.creatorMemberId, await prompt(pending, 'creator'));
      return prompt(pending, 'redeemer');
    });
  }

  /** Whether one of `memberIds` has a link waiting for confirmation. */
  async function waitingForConfirmation(tx: Q, memberIds: number[]): Promise<boolean> {
    for (const id of memberIds) if ((await activeLinksOf(tx, id)).some((l) => l.status === 'pending')) return true;
    return false;
  }

  /** A code typed while it waits for confirmation by someone else: its creator is warned. */
  async function usedAgain(link: LinkRow, memberId: number, platform: Platform): Promise<Say> {
    if (link.status === 'pending' && memberId !== link.creatorMemberId) {
      const name = (await deps.accounts(memberId)).find((a) => a.platform === platform)?.name ?? '?';
      await deps.tell(link.creatorMemberId, say((m, l) => m.triedAgain({ account: accountList([{ platform, name }], l) })));
    }
    return say((m) => m.invalid);
  }

  /** A press of "link them" (`yes`) or "refuse" on a link's confirmation. Pressing again gets where it stands. */
  function press(memberId: number, linkId: number, yes: boolean, now: Date): Promise<Say> {
    return units.atomic(async (tx) => {
      const link = await linkById(tx, linkId);
      const side = link && sideOf(link, memberId);
      if (link?.status === 'merged' && side === 'creator') return say((m) => m.alreadyMerged);
      if (!link || !side || link.status === 'open') return say((m) => m.unknown);
      if (link.status === 'refused') return say((m) => m.wasRefused);
      if (link.status !== 'pending') return say((m) => m.expired);
      if (link.expiresAt <= now) return await expire(tx, link, now, memberId), say((m) => m.expired);
      if (!yes) {
        await close(tx, link, 'refused', memberId, now, { reason: `${side}_refused` });
        await deps.tell(memberOf(link, otherSide(side)), say((m) => m.refusedByOther));
        return say((m) => m.refused);
      }
      return confirm(tx, link, side, now);
    });
  }

  async function confirm(tx: Q, link: LinkRow, side: Side, now: Date): Promise<Say> {
    const mine = side === 'creator' ? link.creatorConfirmedAt : link.redeemerConfirmedAt;
    const theirs = side === 'creator' ? link.redeemerConfirmedAt : link.creatorConfirmedAt;
    if (mine) return say((m, l) => m.alreadyConfirmed({ until: until(link.expiresAt, l) }));
    await updateLink(tx, link.id, ['pending'], side === 'creator' ? { creatorConfirmedAt: now } : { redeemerConfirmedAt: now });
    await audit(tx, memberOf(link, side), 'link.confirmed', link, { side }, now);
    if (!theirs) return say((m, l) => m.confirmed({ until: until(link.expiresAt, l) }));
    return merge(tx, link, side, now);
  }

  /** Both confirmed: checked again (roles and accounts may have changed), then everything moves in this transaction. */
  async function merge(tx: Q, link: LinkRow, side: Side, now: Date): Promise<Say> {
    const to = link.creatorMemberId;
    const from = link.redeemerMemberId!;
    const actor = memberOf(link, side);
    const blocked = await obstacle(to, from);
    if (blocked) {
      await close(tx, link, 'refused', actor, now, { reason: blocked.reason });
      await deps.tell(memberOf(link, otherSide(side)), say((m) => m.blocked));
      return say((m) => m.blocked);
    }
    const accounts = [...await deps.accounts(to), ...await deps.accounts(from)];
    const done = say((m, l) => m.merged({ accounts: accountList(accounts, l) }));
    await deps.tell(memberOf(link, otherSide(side)), done); // before the merge: it goes to the other side's account
    for (const hook of deps.mergeHooks()) await hook(tx, from, to);
    await moveRepGrants(tx, from, to);
    for (const old of await activeLinksOf(tx, from)) if (old.id !== link.id) await close(tx, old, 'cancelled', actor, now, { reason: 'member_merged' });
    await deps.absorb(tx, from, to);
    await close(tx, link, 'merged', actor, now, { from, to, platforms: accounts.map((a) => a.platform) });
    return done;
  }

  /** The expiry task of a link: ends it if it is still open or waiting at its end. */
  async function expireDue(linkId: number, now: Date): Promise<void> {
    await units.atomic(async (tx) => {
      const link = await linkById(tx, linkId);
      if (link && link.expiresAt <= now) await expire(tx, link, now);
    });
  }

  return { request, redeem, press, expireDue };
}

export type LinkService = ReturnType<typeof createLinkService>;
