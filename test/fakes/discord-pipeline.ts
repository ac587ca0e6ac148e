/**
 * The request pipeline of the fake Discord REST API (`/api/v10/...`): match the route, read the
 * JSON body, check `Authorization: Bot <token>`, apply an injected fault, count the request
 * against the rate limits, run the route and answer with the `X-RateLimit-*` headers. Every
 * request is logged, and 401, 403 and 429 answers are counted as invalid, as Discord counts them
 * towards its 10,000 invalid requests per 10 minutes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { faultError, type FaultQueue } from './discord-faults.js';
import { errorBody, readRequest, sendCloudflareBadGateway, sendJson } from './discord-http.js';
import type { RateLimiter } from './discord-ratelimits.js';
import { appRoutes } from './discord-rest-app.js';
import { interactionRoutes } from './discord-rest-interactions.js';
import { messageRoutes } from './discord-rest-messages.js';
import type { FakeState, Route } from './discord-state.js';
import { DiscordError, type Fault, type RequestRecord } from './discord-types.js';

const ROUTES: Route[] = [...appRoutes, ...messageRoutes, ...interactionRoutes];

/** The route for a method and path, literal segments winning over parameters (`/users/@me` over `/users/:user`). */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  const parts = path.split('/').filter(Boolean);
  let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const template = route.path.split('/').filter(Boolean);
    if (template.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const ok = template.every((seg, i) => {
      if (seg.startsWith(':')) return (params[seg.slice(1)] = decodeURIComponent(parts[i]!)), true;
      literals += 1;
      return seg === parts[i];
    });
    if (ok && (!best || literals > best.literals)) best = { route, params, literals };
  }
  return best;
}

export class RequestPipeline {
  constructor(private readonly s: FakeState, private readonly faults: FaultQueue, private readonly limiter: RateLimiter) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const versioned = /^\/api\/v(\d+)(\/.*)$/.exec(url.pathname);
    const record = this.log(req.method ?? 'GET', versioned?.[2] ?? url.pathname);
    let headers: Record<string, string> = {};
    try {
      const found = versioned?.[1] === '10' ? matchRoute(record.method, record.path) : undefined;
      if (!found) throw new DiscordError(404, errorBody('notFound'));
      const { route, params } = found;
      record.route = `${route.method} ${route.path}`;
      const { body, files } = await readRequest(req);
      record.body = body;
      if (route.auth && req.headers.authorization !== `Bot ${this.s.token}`) throw new DiscordError(401, errorBody('unauthorized'));
      const fault = this.faults.take(record.route, params.channel);
      if (fault && !(fault.kind === 'drop' && fault.when === 'after')) return this.applyFault(fault, record, res);
      headers = this.limiter.take(route.bucket, record.route, route.major(params), route.global);
      const before = this.s.sent.length;
      const result = await route.handle({ params, query: url.searchParams, body, files, state: this.s });
      if (fault) return this.drop(res, fault, this.s.sent.slice(before));
      this.answer(res, record, result === undefined ? 204 : (route.status ?? 200), result, headers);
    } catch (error) {
      if (error instanceof DiscordError) return this.answer(res, record, error.status, error.body, { ...headers, ...error.headers });
      console.error('fake Discord: route crashed', error);
      this.answer(res, record, 500, errorBody('internal'), headers);
    }
  }

  private applyFault(fault: Fault, record: RequestRecord, res: ServerResponse): void {
    if (fault.kind === 'drop') return this.drop(res, fault, []);
    const error = faultError(fault);
    if (error) return this.answer(res, record, error.status, error.body, error.headers);
    record.status = 502;
    sendCloudflareBadGateway(res);
    this.s.waits.notify();
  }

  /** Destroys the connection without an answer; what the request did stays done. */
  private drop(res: ServerResponse, fault: Fault & { kind: 'drop' }, done: { responseDropped: boolean }[]): void {
    for (const r of done) r.responseDropped = true;
    if (fault.reset) res.socket?.resetAndDestroy();
    else res.socket?.destroy();
    this.s.waits.notify();
  }

  private answer(res: ServerResponse, record: RequestRecord, status: number, body: unknown, headers: Record<string, string>): void {
    const code = (body as { code?: unknown } | undefined)?.code;
    if (typeof code === 'number' && status >= 400) record.code = code;
    record.invalid = status === 401 || status === 403 || (status === 429 && headers['x-ratelimit-scope'] !== 'shared');
    if (!res.destroyed && !res.writableEnded) {
      record.status = status;
      sendJson(res, status, body, headers);
    }
    this.s.waits.notify();
  }

  private log(method: string, path: string): RequestRecord {
    const record: RequestRecord = { seq: this.s.requests.length + 1, method, path, route: '', body: undefined, at: this.s.now(), status: 0, invalid: false };
    this.s.requests.push(record);
    return record;
  }
}
