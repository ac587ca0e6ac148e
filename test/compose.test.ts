/**
 * compose.yaml, the README's example of PostgreSQL and two bot instances behind a reverse proxy, read
 * as Docker Compose would (YAML with merge keys, `${VAR:?…}` / `${VAR:-…}` filled in, `$$` a dollar):
 * its services and their environment, and that it runs the image the Dockerfile builds, its entry
 * and port unchanged. Docker itself is not needed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/config.js';

/** What a `.env` beside compose.yaml would give. */
const DOT_ENV: Record<string, string> = {
  POSTGRES_PASSWORD: 'pw-1', YIZHAN_DATA_KEY: Buffer.alloc(32, 7).toString('base64'), TELEGRAM_BOT_TOKEN: '123:abc',
  YIZHAN_HOST: 'bot.example.edu', TELEGRAM_WEBHOOK_SECRET: 'hook-secret_1', YIZHAN_ADMINS: 'telegram:123456789',
};

/** Compose's interpolation of `text` with `env`; a missing `${VAR:?message}` throws its message. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{(\w+)(?::([?-])([^}]*))?\}/g, (whole, name: string | undefined, op?: string, arg?: string) => {
    if (whole === '$$') return '$';
    const value = env[name!];
    if (value) return value;
    if (op === '?') throw new Error(`${name}: ${arg}`);
    return op === '-' ? arg! : '';
  });
}

type Service = {
  build?: string; image?: string; entrypoint?: unknown; command?: unknown; environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[]; stop_grace_period?: string; healthcheck?: { test: string[] };
  configs?: { source: string; target: string }[];
};
type Compose = { services: Record<string, Service>; configs: Record<string, { content: string }> };

const composeText = readFileSync('compose.yaml', 'utf8');
const compose = (env = DOT_ENV) => parse(interpolate(composeText, env), { merge: true }) as Compose;
const dockerfile = readFileSync('Dockerfile', 'utf8');
const bots = (c: Compose) => Object.entries(c.services).filter(([, s]) => s.build !== undefined);

describe('compose.yaml (PostgreSQL and two bot instances behind a reverse proxy)', () => {
  it('has PostgreSQL, two bot instances of the Dockerfile and a proxy; without the secrets it names what to set', () => {
    const c = compose();
    expect(Object.keys(c.services).sort()).toEqual(['bot1', 'bot2', 'db', 'proxy']);
    expect(c.services.db!.image).toMatch(/^postgres:\d+/);
    expect(c.services.db!.healthcheck!.test.join(' ')).toContain('pg_isready');
    expect(bots(c).map(([name]) => name)).toEqual(['bot1', 'bot2']);
    for (const missing of ['POSTGRES_PASSWORD', 'YIZHAN_DATA_KEY', 'TELEGRAM_BOT_TOKEN', 'YIZHAN_HOST', 'TELEGRAM_WEBHOOK_SECRET']) {
      expect(() => compose({ ...DOT_ENV, [missing]: '' })).toThrow(new RegExp(`^${missing}: set ${missing}`));
    }
  });

  it('runs each bot as the image does (the Dockerfile\'s entry and command untouched), after the database is healthy, with time to flush at a stop', () => {
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    for (const [, bot] of bots(compose())) {
      expect(bot.build).toBe('.');
      expect(bot.entrypoint).toBeUndefined();
      expect(bot.command).toBeUndefined();
      expect(bot.depends_on).toEqual({ db: { condition: 'service_healthy' } });
      expect(Number.parseInt(bot.stop_grace_period!, 10)).toBeGreaterThan(10); // shutdown.flush_seconds
    }
  });

  it('gives both bots the same database, data key, token and webhook, which the bot\'s configuration accepts', () => {
    const c = compose();
    const [[, one], [, two]] = bots(c) as [[string, Service], [string, Service]];
    expect(one.environment).toEqual(two.environment);
    const env = one.environment!;
    const db = c.services.db!.environment!;
    expect(env.DATABASE_URL).toBe(`postgres://${db.POSTGRES_USER}:${DOT_ENV.POSTGRES_PASSWORD}@db:5432/${db.POSTGRES_DB}`);
    expect(env.YIZHAN_DATA_KEY).toBe(DOT_ENV.YIZHAN_DATA_KEY);
    const config = loadConfig(env.YIZHAN_CONFIG!, env);
    expect(config.database.url).toBe(env.DATABASE_URL);
    expect(config.telegram.webhook_url).toBe('https://bot.example.edu/telegram/hook');
    // Every variable is one the README's configuration table explains.
    const readme = readFileSync('README.md', 'utf8');
    for (const name of Object.keys(env)) expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });

  it('routes the webhook\'s path, and only it, to both bots on the port the image serves, skipping one whose /healthz fails', () => {
    const c = compose();
    const port = /^EXPOSE (\d+)$/m.exec(dockerfile)![1]!;
    expect(dockerfile).toMatch(new RegExp(`HEALTH_PORT=${port}\\b`));
    const proxy = c.services.proxy!;
    const caddyfile = c.configs[proxy.configs![0]!.source]!.content;
    expect(proxy.configs![0]!.target).toBe('/etc/caddy/Caddyfile');
    expect(caddyfile).toContain('{$YIZHAN_HOST} {'); // Caddy reads the host from its environment
    expect(proxy.environment!.YIZHAN_HOST).toBe(DOT_ENV.YIZHAN_HOST);
    const webhookPath = new URL(bots(c)[0]![1].environment!.TELEGRAM_WEBHOOK_URL!).pathname;
    expect(caddyfile).toContain(`handle ${webhookPath} {`);
    expect(caddyfile).toMatch(new RegExp(`reverse_proxy bot1:${port} bot2:${port} \\{`));
    expect(caddyfile).toMatch(/health_uri \/healthz/);
    expect(caddyfile).toMatch(/handle \{\s+respond 404\s+\}/); // /healthz and anything else stay inside
  });
});
