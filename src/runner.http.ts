/**
 * The runner's one small HTTP server: `GET /healthz` (the Dockerfile's health check), reporting the
 * bot and each platform, and the routes adapters serve on it (Telegram's webhook,
 * telegram.webhook.ts). It knows no platform. While stopping, the routes are told to refuse
 * (`refuseRoutes`), so a platform that pushes to us keeps what it could not deliver.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

/** What `/healthz` answers: `ok`, and whatever else the runner reports (each platform's state). */
export interface HealthReport {
  ok: boolean;
  [detail: string]: unknown;
}

/** A request to an adapter's route, as much of it as a route needs. */
export interface RouteRequest {
  method: string;
  headers: IncomingHttpHeaders;
  /** The body as text; undefined when it is larger than the server reads (1 MiB). */
  body(): Promise<string | undefined>;
  /** The server is stopping: the route should refuse what it would store (503). */
  refusing: boolean;
}

/** An adapter's route: its path, and its answer (a status and a JSON body). */
export interface HttpRoute {
  path: string;
  handle(req: RouteRequest): Promise<{ status: number; body: unknown }>;
}

export interface HttpServerOptions {
  port: number;
  host?: string;
  log: Logger;
  /** Throws (or returns false, or a report whose `ok` is false) when the bot is not healthy; a report is the body. */
  health(): boolean | HealthReport | Promise<boolean | HealthReport>;
  routes?: readonly HttpRoute[];
}

export interface HttpServer {
  port: number;
  /** Has the routes refuse what they would store, e.g. while shutting down. */
  refuseRoutes(): void;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

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
    const found = opts.routes?.find((r) => r.path === path);
    if (!found) return reply(res, 404, { ok: false });
    const answer = await found.handle({ method: req.method ?? 'GET', headers: req.headers, body: () => readBody(req), refusing });
    reply(res, answer.status, answer.body);
  }

  async function healthz(res: ServerResponse): Promise<void> {
    let report: HealthReport = { ok: false };
    try {
      const h = await opts.health();
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
    refuseRoutes: () => void (refusing = true),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    }),
  };
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

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
