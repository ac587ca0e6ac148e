/**
 * Application routes of the fake Discord: `GET /gateway/bot` (where discord.js learns the gateway
 * URL), users, and application commands (bulk overwrite and list, global and per guild) with
 * Discord's checks on names, descriptions, localizations and options.
 */
import { Locale, type APIApplicationCommand, type APIApplicationCommandOption } from 'discord.js';
import { errorBody } from './discord-http.js';
import { fixture } from './discord-payloads.js';
import { global0, type FakeState, type Route } from './discord-state.js';
import { DiscordError, invalidFormBody } from './discord-types.js';

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const LOCALES = new Set<string>(Object.values(Locale));

function gatewayBot(s: FakeState): unknown {
  const base = fixture<{ session_start_limit: Record<string, number> }>('gateway-bot');
  return { ...base, url: s.gateway.url, session_start_limit: { ...base.session_start_limit, remaining: 1000 - s.gateway.sessionStarts } };
}

type CommandBody = Partial<APIApplicationCommand> & { options?: APIApplicationCommandOption[] };

function checkName(name: unknown, path: string): void {
  if (typeof name !== 'string' || !NAME.test(name) || name !== name.toLowerCase()) {
    throw invalidFormBody(path, 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid`);
  }
}

function checkDescription(text: unknown, path: string): void {
  if (typeof text !== 'string' || [...text].length < 1 || [...text].length > 100) {
    throw invalidFormBody(path, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
}

function checkLocalizations(map: Record<string, string | null> | null | undefined, path: string, check: (v: unknown, p: string) => void): void {
  for (const [locale, value] of Object.entries(map ?? {})) {
    if (!LOCALES.has(locale)) throw invalidFormBody(`${path}.${locale}`, 'ENUM_TYPE_COERCE', `Value "${locale}" is not a valid enum value.`);
    check(value, `${path}.${locale}`);
  }
}

function checkOptions(options: APIApplicationCommandOption[], path: string): void {
  if (options.length > 25) throw invalidFormBody(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  let optionalSeen = false;
  options.forEach((o, i) => {
    checkName(o.name, `${path}.${i}.name`);
    checkDescription(o.description, `${path}.${i}.description`);
    checkLocalizations(o.name_localizations, `${path}.${i}.name_localizations`, checkName);
    checkLocalizations(o.description_localizations, `${path}.${i}.description_localizations`, checkDescription);
    const required = 'required' in o && o.required === true;
    if (required && optionalSeen) throw invalidFormBody(`${path}.${i}.required`, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    optionalSeen ||= !required;
    const choices = 'choices' in o ? o.choices : undefined;
    if (choices && choices.length > 25) throw invalidFormBody(`${path}.${i}.choices`, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  });
}

/** PUT …/commands: replaces the scope's commands; a command keeps its id when its name stays. */
function overwrite(s: FakeState, appId: string, scope: string, body: unknown): APIApplicationCommand[] {
  if (appId !== s.store.applicationId) throw new DiscordError(403, errorBody('missingAccess'));
  if (scope !== 'global') s.store.guild(scope);
  if (!Array.isArray(body)) throw invalidFormBody('_errors', 'LIST_TYPE_CONVERT', 'Must be an array.');
  const list = body as CommandBody[];
  if (list.length > 100) throw invalidFormBody('_errors', 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  const names = new Set<string>();
  const before = s.store.commands.get(scope) ?? [];
  const saved = list.map((c, i) => {
    checkName(c.name, `${i}.name`);
    checkDescription(c.description, `${i}.description`);
    checkLocalizations(c.name_localizations, `${i}.name_localizations`, checkName);
    checkLocalizations(c.description_localizations, `${i}.description_localizations`, checkDescription);
    checkOptions(c.options ?? [], `${i}.options`);
    if (names.has(c.name!)) throw invalidFormBody(`${i}.name`, 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
    names.add(c.name!);
    const id = before.find((b) => b.name === c.name)?.id ?? s.store.newId();
    return {
      ...fixture<APIApplicationCommand>('application-command'), options: [], name_localizations: null, description_localizations: null,
      ...c, id, application_id: appId, version: s.store.newId(), type: c.type ?? 1,
      ...(scope === 'global' ? {} : { guild_id: scope }),
    } as APIApplicationCommand;
  });
  s.store.commands.set(scope, saved);
  return saved;
}

const app = (method: Route['method'], path: string, handle: Route['handle']): Route => ({
  method, path, auth: true, bucket: 'other', global: true, major: global0, handle,
});

export const appRoutes: Route[] = [
  app('GET', '/gateway/bot', ({ state }) => gatewayBot(state)),
  { ...app('GET', '/gateway', ({ state }) => ({ url: state.gateway.url })), auth: false },
  app('GET', '/users/@me', ({ state }) => ({ ...state.store.bot, flags: 0, verified: true, mfa_enabled: false, email: null })),
  app('GET', '/users/:user', ({ state, params }) => state.store.user(params.user!).user),
  app('PUT', '/applications/:app/commands', ({ state, params, body }) => overwrite(state, params.app!, 'global', body)),
  app('GET', '/applications/:app/commands', ({ state }) => state.store.commands.get('global') ?? []),
  app('PUT', '/applications/:app/guilds/:guild/commands', ({ state, params, body }) => overwrite(state, params.app!, params.guild!, body)),
  app('GET', '/applications/:app/guilds/:guild/commands', ({ state, params }) => state.store.commands.get(params.guild!) ?? []),
];
