/**
 * The HTTP transport under grammY's API client (its `client.fetch` option). grammY stays the client:
 * it builds the requests, runs the transformers and raises GrammyError/HttpError. This transport
 * adds the two facts the default one hides, which decide whether a failed send may be repeated:
 * - whether a socket was ever connected for the request (if not, nothing reached Telegram), and
 * - the HTTP status of a response that is not Telegram's JSON (an nginx 502 page), which it turns
 *   into Telegram's error shape so it surfaces as a GrammyError with that status.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';

/** A network failure, telling whether the request may have reached the server. */
export class TransportError extends Error {
  constructor(message: string, readonly beforeConnect: boolean, readonly code?: string) {
    super(message);
    this.name = 'TransportError';
  }
}

interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Readable;
  signal?: { aborted: boolean; addEventListener(type: 'abort', fn: () => void): void; removeEventListener(type: 'abort', fn: () => void): void };
}

/** What grammY reads from a response: only `json()`. */
interface MinimalResponse {
  status: number;
  json(): Promise<unknown>;
}

/**
 * How long an idle keep-alive connection is kept. Shorter than servers keep theirs (Node's 5 s,
 * nginx's 75 s): a request written onto a connection the server is closing fails with ECONNRESET,
 * and then nobody can tell whether the message arrived (it is filed `unknown`, never resent).
 */
export const IDLE_SOCKET_MS = 4_000;

/** A fetch for grammY's `client.fetch`, with keep-alive connections closed by us when idle. */
export function createTelegramFetch(opts: { idleSocketMs?: number } = {}): typeof fetch {
  // An agent's `timeout` closes its free sockets after that long idle; a request in flight (a long
  // poll) only gets a 'timeout' event nobody listens to.
  const options = { keepAlive: true, timeout: opts.idleSocketMs ?? IDLE_SOCKET_MS };
  const agents = { http: new HttpAgent(options), https: new HttpsAgent(options) };
  const doFetch = (url: string, init: FetchInit = {}): Promise<MinimalResponse> => {
    const secure = url.startsWith('https:');
    const send = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      let connected = false;
      const req = send(url, { method: init.method ?? 'GET', headers: init.headers, agent: secure ? agents.https : agents.http });
      const onAbort = () => req.destroy(new TransportError('request aborted', !connected, 'ABORT_ERR'));
      req.on('socket', (socket) => {
        if (!socket.connecting) connected = true;
        else socket.once('connect', () => (connected = true));
      });
      req.on('response', (res) => readResponse(res).then(resolve, reject));
      req.on('error', (err: NodeJS.ErrnoException) => {
        reject(err instanceof TransportError ? err : new TransportError(err.message, !connected, err.code));
      });
      req.on('close', () => init.signal?.removeEventListener('abort', onAbort));
      if (init.signal?.aborted) return onAbort();
      init.signal?.addEventListener('abort', onAbort);
      if (init.body === undefined || typeof init.body === 'string') req.end(init.body);
      else init.body.on('error', (e) => req.destroy(e)).pipe(req);
    });
  };
  return doFetch as unknown as typeof fetch;
}

async function readResponse(res: IncomingMessage): Promise<MinimalResponse> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of res) chunks.push(chunk as Buffer);
  } catch (err) {
    throw new TransportError(`response interrupted: ${(err as Error).message}`, false, (err as NodeJS.ErrnoException).code);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const status = res.statusCode ?? 0;
  return { status, json: async () => parseBody(text, status, res.statusMessage) };
}

/** Telegram's JSON; a non-JSON error page becomes Telegram's error shape with the HTTP status. */
function parseBody(text: string, status: number, statusMessage: string | undefined): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (status >= 400) return { ok: false, error_code: status, description: `${status} ${statusMessage ?? ''} (not a Bot API answer)`.trim() };
    throw new TransportError(`invalid JSON in a ${status} response`, false);
  }
}
