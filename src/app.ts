/**
 * createApp: the list of features, the router, the messenger and the scheduler, over the
 * dependencies it is given. Adapters feed `router.handle`; nothing here knows a platform.
 */
import type { Logger } from 'pino';
import { surveySources, type Config } from './config.js';
import { truncateWal, type Db } from './db/client.js';
import { sqliteStore, type Store } from './db/store.js';
import type { Clock } from './core/clock.js';
import type { Feature, MissedHandler, TaskHandler, Understanding } from './core/feature.js';
import { missedSummary } from './core/missed.js';
import type { Ports } from './core/message.js';
import { createMessenger, type Messenger } from './core/messenger.js';
import { createOutbox, type Outbox } from './core/outbox.js';
import type { Sleep } from './core/outbox.pacer.js';
import { createRouter, type Router } from './core/router.js';
import type { Rng } from './core/rng.js';
import { createScheduler, type Scheduler } from './core/scheduler.js';
import { VACUUM_TASK, vacuumTablesOf } from './core/vacuum.repo.js';
import { roleSet } from './core/roles.js';
import { stepsPruning } from './core/steps.js';
import { createUnitRunner, type UnitRunner } from './core/unit-of-work.js';
import { createReceipts } from './core/receipts.js';
import { createSuggester, type SuggestRequest, type Suggestion } from './core/suggest.js';
import { extractSlots, sharedNlu, type Nlu } from './nlu/index.js';
import { createAccessService } from './features/access/access.service.js';
import { createLinkService } from './features/access/access.links.js';
import { accessFeature } from './features/access/access.feature.js';
import { chatsFeature } from './features/chats/chats.feature.js';
import { createChatsService, type ChatsService } from './features/chats/chats.service.js';
import { membersFeature } from './features/members/members.feature.js';
import { createMembersService, type MembersService } from './features/members/members.service.js';
import { ticketsFeature } from './features/tickets/tickets.feature.js';
import { casesFeature, type Signal } from './features/cases/cases.feature.js';
import { createSealer, type DataKeys } from './core/sealing.js';
import { dataKeysFor } from './db/data-keys.js';
import { assistantFeature } from './features/assistant/assistant.feature.js';
import { digestsFeature } from './features/digests/digests.feature.js';
import { surveysDigestSection } from './features/surveys/surveys.digest.js';
import { createAnswering } from './features/surveys/surveys.answering.js';
import { surveysFeature } from './features/surveys/surveys.feature.js';
import { createResults, type SurveyResults } from './features/surveys/surveys.results.js';
import { createSurveysService, type SurveysService } from './features/surveys/surveys.service.js';
import { createPollsDigest } from './features/polls/polls.digest.js';
import { pollsFeature } from './features/polls/polls.feature.js';
import { createPollsService, type PollsService } from './features/polls/polls.service.js';
import { privacyFeature } from './features/privacy/privacy.feature.js';
import { announceFeature } from './features/announce/announce.feature.js';
import { createAnnounceService } from './features/announce/announce.service.js';
import { faqDigestSection } from './features/faq/faq.digest.js';
import { faqFeature } from './features/faq/faq.feature.js';
import { createFaqService, type FaqService } from './features/faq/faq.service.js';
import { withFaq } from './features/faq/faq.understand.js';
import { createPrivacyService } from './features/privacy/privacy.service.js';

export interface AppDeps {
  /** SQLite's database, for the features not yet on units (on PostgreSQL: `store.db`). */
  db: Db;
  /** The store units run on (db/store.ts); by default SQLite on `db`. */
  store?: Store;
  config: Config;
  clock: Clock;
  log: Logger;
  rng: Rng;
  /** Adapters register their port here before they start feeding messages. */
  ports: Ports;
  /** The NLU model; by default the one trained once per process from src/nlu/data. */
  nlu?: Nlu;
  /** The bot's username per platform, to tell "/cmd@us" from "/cmd@another_bot". */
  botUsername?: (platform: string) => string | undefined;
  /** Features appended after the built-in ones (tests, local extensions). */
  extraFeatures?: Feature[];
  /** How the outbox waits for a platform's pace; virtual time passes one that moves the clock. */
  sleep?: Sleep;
  /**
   * The data keys that seal counselling texts at rest (db/data-keys.ts: YIZHAN_DATA_KEY or the key
   * file beside the database); by default the key file beside `db`, created at the first start.
   */
  dataKeys?: DataKeys;
  /** Waits before a failed reply is tried again (tests shorten them; default 2 s, 10 s, 1 min, 5 min). */
  replyBackoffMs?: number[];
}

export interface App {
  router: Router;
  units: UnitRunner;
  scheduler: Scheduler;
  messenger: Messenger;
  /** Proactive messages that must not be lost or duplicated (see core/outbox.ts). */
  outbox: Outbox;
  members: MembersService;
  chats: ChatsService;
  surveys: SurveysService;
  /** `surveyResults.results(runId)`: what the digests show of a survey run. */
  surveyResults: SurveyResults;
  polls: PollsService;
  faq: FaqService;
  /** What an argument may be, for the member behind a platform account typing it (core/suggest.ts). */
  suggest: (req: SuggestRequest) => Promise<Suggestion[]>;
  features: readonly Feature[];
}

/**
 * Says at start which survey definitions were loaded and from where: a config copied away from its
 * surveys/ folder has none, and that must not pass silently.
 */
function logSurveySources(log: Logger, config: Config): void {
  const f = config.files;
  if (!f) return;
  const sources = surveySources(config);
  const files = sources.flatMap((s) => (s.file ? [`${s.id}: ${s.file}`] : []));
  const inConfig = sources.filter((s) => !s.file).map((s) => s.id);
  const detail = { config: f.config, surveyDir: f.surveyDir, surveyDirFound: f.surveyDirFound, files, inConfig };
  if (sources.length) log.info(detail, 'survey definitions loaded');
  else log.warn(detail, `no survey definitions: ${f.surveyDirFound ? 'no .yaml file in' : 'no folder'} ${f.surveyDir} (next to the config file) and none in the config`);
}

/** Says at start how many FAQ entries faq.yaml gave, or that there was no such file next to the config. */
function logFaqSource(log: Logger, config: Config): void {
  const f = config.files;
  if (!f) return;
  if (f.faqFound) log.info({ faq: f.faq, entries: config.faq?.length ?? 0 }, 'faq entries loaded');
  else log.warn({ faq: f.faq }, `no FAQ: no file ${f.faq} (next to the config file); /faq add adds entries`);
}

export function createApp(deps: AppDeps): App {
  const { db, config, log } = deps;
  logSurveySources(log, config);
  logFaqSource(log, config);
  for (const line of config.deprecated ?? []) log.warn(line); // a renamed config key (config.renames.ts)
  const defaultLocale = config.campus.default_locale;
  const timezone = config.campus.timezone;
  const nlu = deps.nlu ?? sharedNlu();
  // The crisis check and the router both ask about the same message: the last answer is kept.
  let last: { text: string; chat: string; at: number; u: Understanding } | undefined;
  const understand = (text: string, chat: 'private' | 'group', now: Date): Understanding => {
    if (last && last.text === text && last.chat === chat && last.at === now.getTime()) return last.u;
    const r = nlu.understand(text, { chat, now, timezone });
    // Chit-chat (累死了, 😂, asdfgh) is `none` in the NLU contract, and answered here as small talk.
    const chitchat = r.intent === 'none' && r.chitchat !== undefined;
    // So is a request about one's own data (请删除我的所有数据, 我想看看你们存了我什么): here it is /forgetme or /mydata.
    const privacy = r.intent === 'none' && r.privacy ? `privacy.${r.privacy}` : undefined;
    const u: Understanding = {
      intent: privacy ?? (chitchat ? 'smalltalk' : r.intent), confidence: r.confidence, alternatives: r.alternatives, crisis: r.crisis,
      ...(r.concern ? { concern: r.concern } : {}), ...(r.privacy ? { privacy: r.privacy } : {}), ...(r.chitchat ? { chitchat: r.chitchat } : {}),
      get slots() {
        return r.slots as Understanding['slots']; // read lazily (see nlu/index.ts): a spread would extract them now
      },
      confident: !!privacy || chitchat || (r.intent !== 'none' && r.confidence >= nlu.thresholds[chat]),
    };
    const withAnswers = withFaq(u, text, faq.answers, config.crisis.department); // answers before tickets
    last = { text, chat, at: now.getTime(), u: withAnswers };
    return withAnswers;
  };
  /** Where and what a repair description names ("3号楼502 热水器坏了"). */
  const repairSlots = (text: string) => {
    const s = extractSlots('repair.request', text, { now: deps.clock.now(), timezone });
    return { ...(s.building ? { building: s.building } : {}), ...(s.room ? { room: s.room } : {}), ...(s.item ? { item: s.item } : {}) };
  };
  const store = deps.store ?? sqliteStore(db);
  const sealer = createSealer(deps.dataKeys ?? dataKeysFor(store.path, {}, log));
  // What a unit owes is an outbox row written in its transaction; its commit sets the worker off.
  const units = createUnitRunner({ store: store.units, log, defaultLocale, owe: (q, m) => outbox.owe(q, m), committed: () => outbox.kick() });
  const faq = createFaqService({ units, config, rng: deps.rng });
  const chats = createChatsService({ units, config });
  const members = createMembersService({ units, config, chats });
  const messenger = createMessenger({ ports: deps.ports, units, defaultLocale, privateTargets: members.privateTargets, boundChats: chats.bound });
  const outbox = createOutbox({
    units, ports: deps.ports, clock: deps.clock, log, defaultLocale, timezone,
    ...(deps.sleep ? { sleep: deps.sleep } : {}), ...(deps.replyBackoffMs ? { replyBackoffMs: deps.replyBackoffMs } : {}),
    quietHours: config.quiet_hours, hooks: () => outboxHooks, sealer,
    privateTargets: members.privateTargets, boundChats: chats.bound, markUnreachable: members.markUnreachable,
  });
  const rolesOf = async (id: number) => roleSet(await members.grants(id));
  const access = createAccessService({ units, config, rng: deps.rng, rolesOf, adminByConfig: members.adminByConfig });
  const links = createLinkService({
    units, config, rng: deps.rng, rolesOf, accounts: members.accounts, absorb: members.absorb,
    mergeHooks: () => features.flatMap((f) => (f.onMerge ? [f.onMerge] : [])),
    tell: async (memberId, say) => void (await messenger.toMember(memberId, (l) => say(l))),
    tellLater: async (tx, key, memberId, say, now) => void (await outbox.toMember(tx, { kind: 'access.link', key, memberId, render: (l) => say(l) }, now)),
  });
  const surveyResults = createResults({ units, outbox });
  const surveys = createSurveysService({
    units, config, rng: deps.rng, log, outbox, results: surveyResults, addJob: (job) => scheduler.addJob(job),
    // sqlite: the WAL is emptied after a sealed run's commit (PostgreSQL keeps old row versions until VACUUM: README).
    ...(store.kind === 'sqlite' ? { scrub: () => truncateWal(store.db) } : {}),
  });
  const polls = createPollsService({ units, config, rng: deps.rng, log, messenger, outbox });
  const privacy = createPrivacyService({
    config, log, units,
    // sqlite: the WAL is emptied after an erasure's commit (PostgreSQL keeps old row versions until VACUUM: README).
    ...(store.kind === 'sqlite' ? { scrub: () => truncateWal(store.db) } : {}), hooks: () => features.flatMap((f) => (f.privacy ? [f.privacy] : [])), erasedAt: async (id) => (await members.get(id))?.erasedAt,
  });
  const pollsDigest = createPollsDigest({ units, config, outbox, polls });
  // The features, in the order their commands appear in /help.
  const ticketing = ticketsFeature({
    units, config, rng: deps.rng, messenger, outbox, receipts: createReceipts({ units, messenger }), members, extract: repairSlots, holders: access.holders,
    run: (ctx, text) => router.runAs(ctx, text), press: (ctx, data) => router.pressAs(ctx, data), understand,
  });
  /** Whose risk a text speaks of, as the understanding layer reads it. */
  const signalOf = (text: string, chat: 'private' | 'group', now: Date): Signal | undefined => {
    const u = understand(text, chat, now);
    if (u.concern) return { kind: u.concern.kind, level: u.concern.level, kinds: u.concern.kinds };
    return u.intent === 'crisis' ? { kind: 'self', level: u.crisis === 'high' ? 'high' : 'medium', kinds: ['self'] } : undefined;
  };
  const counselling = casesFeature({
    units, config, clock: deps.clock, rng: deps.rng, log, sealer, messenger, members, holders: access.holders, signalOf, understand, drafts: ticketing.drafts,
    receipts: createReceipts({ units, messenger }), run: (ctx, text) => router.runAs(ctx, text),
  });
  const features: Feature[] = [
    counselling.first, // crisis first, before anything else reads a message
    membersFeature({ config, members, access, commands: () => router.commands, join: (ctx, code) => router.runAs(ctx, `/join ${code}`) }),
    ticketing.feature,
    faqFeature({ units, config, faq, askPerson: ticketing.askPerson }),
    counselling.feature,
    digestsFeature({
      units, config, outbox, holders: access.holders, repDigest: pollsDigest.onDemand,
      sections: () => [counselling.digest, surveysDigestSection({ results: surveyResults }), faqDigestSection({ config, faq })],
    }),
    accessFeature({ config, access, links, members, messenger }),
    chatsFeature({ config, chats }),
    surveysFeature({ config, surveys, answering: createAnswering({ units, config, outbox }), results: surveyResults }),
    pollsFeature({ units, config, polls, messenger, digest: pollsDigest }),
    announceFeature({ config, announce: createAnnounceService({ units, config, outbox, chats, holders: access.holders, audienceOf: surveys.audienceOf }) }),
    privacyFeature({ config, privacy, members, access, run: (ctx, text) => router.runAs(ctx, text) }),
    assistantFeature({ run: (ctx, text) => router.runAs(ctx, text), counselling: counselling.offerCounsellor }),
    ...(deps.extraFeatures ?? []),
  ];
  const named = <H>(hooks: (f: Feature) => Record<string, H> | undefined) =>
    new Map(features.flatMap((f) => Object.entries(hooks(f) ?? {}).map(([key, hook]) => [`${f.name}.${key}`, hook] as const)));
  const outboxHooks = { sent: named((f) => f.sent), failed: named((f) => f.failed) };
  const router = createRouter({
    log, clock: deps.clock, rng: deps.rng, units, features, defaultLocale,
    identify: members.identify,
    refresh: faq.refresh, // the FAQ entries another instance may have changed, before the message is understood
    understand,
    ...(deps.botUsername ? { botUsername: deps.botUsername } : {}),
  });
  const scheduler = createScheduler({
    units, log, clock: deps.clock, timezone: config.campus.timezone,
    jobs: [...features.flatMap((f) => f.jobs ?? []), stepsPruning(units)],
    moreJobs: () => surveys.storedJobs(),
    tasks: Object.assign({ [VACUUM_TASK]: ((p) => store.vacuum(vacuumTablesOf(p))) satisfies TaskHandler }, ...features.map((f) => f.tasks ?? {})) as Record<string, TaskHandler>,
    missed: Object.assign({}, ...features.map((f) => f.missed ?? {})) as Record<string, MissedHandler>,
    summarize: missedSummary({ units, outbox, log, timezone }),
    pumps: [outbox.pump],
  });
  const suggest = createSuggester({
    sources: () => features.flatMap((f) => (f.suggest ? [f.suggest] : [])), memberOf: members.byIdentity, rolesOf, defaultLocale,
    localeOf: async (id) => { const m = await members.get(id); return m?.locale ? members.localeOf(m) : undefined; },
  });
  return { router, units, scheduler, messenger, outbox, members, chats, surveys, surveyResults, polls, faq, suggest, features };
}
