/**
 * The bot's one small HTTP server: `GET /healthz` (the Dockerfile's health check) and, with a
 * webhook, `POST <webhook path>` for Telegram. A webhook request must carry the secret in
 * `X-Telegram-Bot-Api-Secret-Token` (else 401), and is answered 200 only once its update is stored
 * in the inbox; on any failure Telegram gets a 5xx and sends the update again.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';

export interface WebhookRoute {
  path: string;
  secret: string;
  /** Stores the update; resolves once it is committed. */
  accept(update: Update): Promise<void>;
}

/** What `/healthz` answers: `ok`, and whatever else the runner reports (each platform's state). */
export interface HealthReport {
  ok: boolean;
  [detail: string]: unknown;
}

export interface HttpServerOptions {
  port: number;
  host?: string;
  log: Logger;
  /** Throws (or returns false, or a report whose `ok` is false) when the bot is not healthy; a report is the body. */
  health(): boolean | HealthReport;
  webhook?: WebhookRoute;
}

export interface HttpServer {
  port: number;
  /** Stops accepting webhook requests (503) so Telegram keeps the updates, e.g. while shutting down. */
  refuseWebhooks(): void;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  let refusing = false;
  const server: Server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      opts.log.error({ err }, 'http request failed');
      reply(res, 500, { ok: false });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/healthz') return healthz(res);
    const hook = opts.webhook;
    if (!hook || path !== hook.path) return reply(res, 404, { ok: false });
    if (req.method !== 'POST') return reply(res, 405, { ok: false });
    if (!secretMatches(req.headers[SECRET_HEADER], hook.secret)) return reply(res, 401, { ok: false });
    if (refusing) return reply(res, 503, { ok: false });
    const update = parseUpdate(await readBody(req));
    if (!update) return reply(res, 400, { ok: false });
    await hook.accept(update);
    reply(res, 200, {});
  }

  function healthz(res: ServerResponse): void {
    let report: HealthReport = { ok: false };
    try {
      const h = opts.health();
      report = typeof h === 'boolean' ? { ok: h } : h;
    } catch (err) {
      opts.log.warn({ err }, 'health check failed');
    }
    reply(res, report.ok ? 200 : 503, report);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    refuseWebhooks: () => void (refusing = true),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    }),
  };
}

function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
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

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
