/**
 * Telegram's webhook, a route on the runner's HTTP server (src/runner.http.ts): `POST <path>`
 * must carry the secret in `X-Telegram-Bot-Api-Secret-Token` (else 401), and is answered 200 only
 * once its update is stored in the inbox; while the bot stops it gets 503, and on any failure a 5xx,
 * so Telegram sends the update again.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Update } from 'grammy/types';
import type { HttpRoute } from '../../runner.http.js';

export interface WebhookRoute {
  path: string;
  secret: string;
  /** Stores the update; resolves once it is committed. */
  accept(update: Update): Promise<void>;
}

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** The webhook as a route of the runner's server. */
export function webhookRoute(hook: WebhookRoute): HttpRoute {
  return {
    path: hook.path,
    async handle(req) {
      if (req.method !== 'POST') return { status: 405, body: { ok: false } };
      if (!secretMatches(req.headers[SECRET_HEADER], hook.secret)) return { status: 401, body: { ok: false } };
      if (req.refusing) return { status: 503, body: { ok: false } };
      const update = parseUpdate(await req.body());
      if (!update) return { status: 400, body: { ok: false } };
      await hook.accept(update);
      return { status: 200, body: {} };
    },
  };
}

function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseUpdate(body: string | undefined): Update | undefined {
  if (body === undefined) return undefined;
  try {
    const value = JSON.parse(body) as Update;
    return typeof value === 'object' && value !== null && Number.isSafeInteger(value.update_id) ? value : undefined;
  } catch {
    return undefined;
  }
}
