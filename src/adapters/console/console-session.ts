/**
 * The console chat's logic, without the terminal: who you are, which chat you are in, meta
 * commands (":as wang"), numbered buttons, and how bot messages are shown.
 */
import { relative } from 'node:path';
import type { App } from '../../app.js';
import { surveySources, type Config, type Person } from '../../config.js';
import type { ShiftedClock } from '../../core/clock.js';
import { tr, matchLocale, type Locale } from '../../core/i18n.js';
import type { Incoming } from '../../core/message.js';
import { formatDateTime, parseDuration } from '../../core/time.js';
import type { LocalMessage, LocalPort } from '../local/local-port.js';
import { consoleMessages } from './console.messages.js';

export interface ConsoleDeps {
  app: App;
  port: LocalPort;
  config: Config;
  clock: ShiftedClock;
  print: (text: string) => void;
}

export interface ConsoleSession {
  /** Handles one typed line; false when the user wants to leave. */
  handleLine(line: string): Promise<boolean>;
  /** Shows a bot message (the local port's output). */
  render(m: LocalMessage, edit: boolean): void;
  prompt(): string;
  intro(paths: { db: string; log: string }): void;
}

const CHAT = /^(private|group:[a-z0-9][a-z0-9_-]*)$/;

export function createConsoleSession(deps: ConsoleDeps): ConsoleSession {
  const { app, port, config, print } = deps;
  const people = new Map<string, Person>(config.demo_people.map((p) => [p.user, p]));
  let user = config.demo_people[0]?.user ?? 'student';
  let chat = 'private';

  const chatId = () => (chat === 'private' ? `private:${user}` : chat);

  /** Which config and survey files were loaded, and from where (a copied config may have left its surveys/ behind). */
  function sources(): string {
    const f = config.files;
    if (!f) return '';
    const shown = (p: string) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p));
    const list = surveySources(config).map((s) => (s.file ? m().surveyFile({ id: s.id, file: shown(s.file) }) : m().surveyInline({ id: s.id })));
    const surveys = list.length ? m().surveysFrom({ list: list.join(locale() === 'en' ? ', ' : '、') }) : m().noSurveysFrom({ dir: shown(f.surveyDir), found: f.surveyDirFound });
    return `${m().configFrom({ file: shown(f.config) })}\n${surveys}`;
  }
  const locale = (): Locale => matchLocale(people.get(user)?.locale) ?? config.campus.default_locale;
  const m = () => tr(consoleMessages, locale());

  /** A bot message: 🤖 in this chat, 📨 with the chat's name elsewhere; buttons numbered as `1` or `:1` press them there. */
  function render(msg: LocalMessage, edit: boolean): void {
    const mark = edit ? '✏️ ' : '';
    const here = msg.chatId === chatId();
    print(`${here ? '🤖' : `📨 ${msg.chatId}:`} ${mark}${msg.text.replace(/\n/g, '\n   ')}`);
    for (const p of msg.photos) print(`   🖼  ${p}`);
    if (msg.file) print(`   📎 ${msg.file.name}\n   ${msg.file.content.replace(/\n/g, '\n   ')}`);
    let n = 0;
    if (msg.buttons.length) print(msg.buttons.map((row) => `   ${row.map((b) => `[${++n}] ${b.label}`).join('   ')}`).join('\n'));
  }

  function describe(): string {
    const p = people.get(user);
    const roles = p ? [...p.roles, ...(p.department ? [p.department] : []), ...p.rep_of].join(' ') : 'student';
    return m().nowAs({ name: p?.name ?? user, user, roles, chat: chatId() });
  }

  async function send(text: string, extra: Partial<Incoming> = {}): Promise<void> {
    const p = people.get(user);
    const isPrivate = chat === 'private';
    const msg: Incoming = {
      chat: { platform: 'local', id: chatId(), kind: isPrivate ? 'private' : 'group' },
      sender: { id: user, name: p?.name ?? user, username: user, ...(p?.locale ? { locale: p.locale } : {}) },
      text,
      ...extra,
    };
    await app.router.handle(msg);
    if (msg.notice !== undefined) print(`💬 ${m().onlyYou} ${msg.notice}`);
    await app.scheduler.runDue();
  }

  async function press(which: string): Promise<void> {
    const last = port.lastWithButtons(chatId());
    if (!last) return print(m().noButtons);
    const n = Number(which);
    const label = Number.isInteger(n) && n > 0 ? last.buttons.flat()[n - 1]?.label : which;
    const found = label === undefined ? undefined : port.findButton(chatId(), label);
    if (!found) return print(m().noSuchButton({ label: label ?? which }));
    await send('', { press: found.data, pressedMessage: found.ref });
  }

  /**
   * A bare "2" while the bot's latest message here offers at least two buttons presses the second;
   * with no such button on screen it is not sent at all (a "1" relayed to a counsellor is never what
   * was meant): the console says how to send it (`:say 1`) or press an earlier button (`:1`).
   */
  function isChoice(text: string): boolean {
    const n = /^\d{1,2}$/.test(text) ? Number(text) : 0;
    const buttons = port.latest(chatId())?.buttons.flat().length ?? 0;
    return n >= 1 && n <= buttons;
  }

  async function meta(cmd: string, rest: string): Promise<boolean> {
    if (/^\d+$/.test(cmd)) return press(cmd).then(() => true);
    switch (cmd) {
      case 'say': await send(rest); break;
      case 'quit': case 'q': case 'exit': print(m().bye); return false;
      case 'help': case 'h': print(m().metaHelp); break;
      case 'as': switchUser(rest); break;
      case 'in': switchChat(rest); break;
      case 'press': case 'p': await press(rest); break;
      case 'mention': case 'reply': await groupOnly(() => send(rest, cmd === 'mention' ? { mentioned: true } : { replyToBot: true })); break;
      case 'photo': { const [ref = '', ...caption] = rest.split(/\s+/); await send(caption.join(' '), { attachments: [{ kind: 'photo', ref }] }); break; }
      case 'skip': await skip(rest); break;
      case 'people': print(`${m().peopleTitle}\n${[...people.values()].map((p) => `  ${p.user.padEnd(8)} ${p.name}  ${p.roles.join(' ')} ${p.department ?? ''}${p.rep_of.join(' ')}`).join('\n')}`); break;
      case 'chats': print(`${m().chatsTitle}\n${groups().map((g) => `  ${g}`).join('\n')}`); break;
      default: print(m().unknownMeta({ cmd }));
    }
    return true;
  }

  /**
   * Becomes someone else. A group chat is kept only when they are in it (their class groups, their
   * department's staff chat, the management chat for admins); otherwise they are in their own
   * private chat, and told so, so nobody types into a chat they would never be in.
   */
  function switchUser(name: string): void {
    const u = name.trim().replace(/^@/, '');
    if (!/^[A-Za-z0-9_.-]+$/.test(u)) return print(m().unknownMeta({ cmd: `as ${name}` }));
    if (!people.has(u)) print(m().newPerson({ user: u }));
    user = u;
    const left = chat !== 'private' && !chatsOf(people.get(u)).includes(chat) ? chat : undefined;
    if (left) chat = 'private';
    print(describe());
    if (left) print(m().notInChat({ user: u, chat: left }));
  }

  /** The group chats a person is in. */
  function chatsOf(p: Person | undefined): string[] {
    if (!p) return [];
    const staff = config.departments.filter((d) => d.id === p.department).map((d) => d.staff_chat);
    const management = p.roles.includes('admin') ? [config.management_chat] : [];
    return [...p.groups, ...p.rep_of, ...staff, ...management].map((g) => `group:${g}`);
  }

  function switchChat(name: string): void {
    const c = name.trim();
    const full = CHAT.test(c) ? c : CHAT.test(`group:${c}`) ? `group:${c}` : undefined;
    if (!full) return print(m().badChat);
    chat = full;
    print(describe());
  }

  async function groupOnly(run: () => Promise<void>): Promise<void> {
    if (chat === 'private') return print(m().groupOnly);
    await run();
  }

  async function skip(text: string): Promise<void> {
    const ms = parseDuration(text);
    if (ms === undefined) return print(m().badDuration);
    deps.clock.skip(ms);
    print(m().skipped({ now: formatDateTime(deps.clock.now(), config.campus.timezone, locale()) }));
    await app.scheduler.runMissed();
    await app.scheduler.runDue();
  }

  function groups(): string[] {
    const keys = new Set([...config.departments.map((d) => d.staff_chat), config.management_chat]);
    for (const p of people.values()) for (const g of [...p.groups, ...p.rep_of]) keys.add(g);
    return [...keys].map((k) => `group:${k}`);
  }

  return {
    render,
    prompt: () => `${user}@${chat} › `,
    intro(paths) {
      print(m().banner({ campus: config.campus.name[locale()], ...paths }));
      print(sources());
      print(describe());
    },
    async handleLine(line) {
      const text = line.trim();
      if (!text) return true;
      const metaMatch = /^:(\S+)\s*([\s\S]*)$/.exec(text);
      if (metaMatch) return meta(metaMatch[1]!.toLowerCase(), metaMatch[2]!);
      if (isChoice(text)) await press(text);
      else if (/^\d{1,2}$/.test(text)) print(m().numberNotSent({ n: text })); // no such button on screen: ask before sending a bare number
      else await send(text);
      return true;
    },
  };
}
