/**
 * Telegram as one of the runner's platforms (src/runner.ts): `connectTelegramPlatform` asks who the
 * bot is (getMe); the adapter then receives by long polling, or by webhook on the runner's HTTP
 * server when `TELEGRAM_WEBHOOK_URL` is set. Its stop ends polling (a batch being stored is stored
 * first) or refuses webhook requests (503, so Telegram keeps them), and lets the updates in
 * progress finish; the rest stay in the inbox for the next start.
 */
import { randomBytes } from 'node:crypto';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { Connector, PlatformAdapter } from '../../runner.js';
import { TELEGRAM_LIMITS } from './telegram.limiter.js';
import { webhookRoute } from './telegram.webhook.js';
import type { Polling } from './telegram.polling.js';
import { getSetting, keepSetting } from './telegram.repo.js';
import { connectTelegram, createTelegramAdapter } from './telegram.js';

const SECRET_SHAPE = /^[A-Za-z0-9_-]{1,256}$/;
/** Several instances on one database: how often the inbox looks for updates another instance stored and left (it died). */
const SWEEP_MS = 3000;

export const connectTelegramPlatform: Connector = async (config, log) => {
  const limits = { ...TELEGRAM_LIMITS, perSecond: config.telegram.messages_per_second };
  const connection = await connectTelegram({ token: config.telegram.token!, apiRoot: config.telegram.api_root, log, limits });
  return {
    platform: 'telegram',
    username: connection.bot.username,
    abandon: async () => undefined,
    async attach({ app, clock, log, ports, env, lead, shared }): Promise<PlatformAdapter> {
      const adapter = createTelegramAdapter({ connection, app, clock, log, ports, defaultLocale: config.campus.default_locale,
        inboxDays: config.privacy.retention.inbox_days, adminKeys: config.admins, ...(shared ? { sweepMs: SWEEP_MS } : {}) });
      const webhookUrl = config.telegram.webhook_url;
      const secret = webhookUrl ? await webhookSecret(env.TELEGRAM_WEBHOOK_SECRET, app.units) : undefined;
      let polling: (Polling & { started?: Promise<void> }) | undefined;
      let fail: (err: unknown) => void = () => undefined;
      const failed = new Promise<unknown>((resolve) => (fail = resolve));
      let up = false;
      return {
        platform: 'telegram',
        ...(adapter.port.limits ? { limits: adapter.port.limits } : {}),
        ...(webhookUrl && secret ? { routes: [webhookRoute({ path: new URL(webhookUrl).pathname, secret, accept: adapter.accept })] } : {}),
        failed,
        health: () => up,
        async start() {
          if (webhookUrl && secret) await adapter.startWebhook(webhookUrl, secret);
          else await (polling = adapter.startPolling({ lead })).started; // polls while it holds `telegram.poller`
          polling?.done.catch((err: unknown) => (up = false, fail(err)));
          up = true;
          log.info({ bot: connection.bot.username, mode: polling ? 'polling' : 'webhook' }, 'telegram adapter running');
        },
        async stop() {
          up = false;
          await polling?.stop(); // receives nothing more; a batch being stored is stored first
          await adapter.stop(); // the updates in progress finish (and are marked done); the rest stay pending
        },
        close: async () => undefined,
      };
    },
  };
};

/** TELEGRAM_WEBHOOK_SECRET, else the secret generated at the first start and kept in the database (the first one stored wins). */
async function webhookSecret(fromEnv: string | undefined, units: UnitRunner): Promise<string> {
  if (fromEnv) {
    if (!SECRET_SHAPE.test(fromEnv)) throw new Error('TELEGRAM_WEBHOOK_SECRET: use 1-256 characters A-Z, a-z, 0-9, "_" and "-"');
    return fromEnv;
  }
  const stored = await units.read((q) => getSetting(q, 'webhook_secret'));
  if (stored) return stored;
  // Instances starting together on one database keep the first one stored.
  return units.run((unit) => keepSetting(unit.q, 'webhook_secret', randomBytes(32).toString('base64url')));
}
