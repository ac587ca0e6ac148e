/**
 * HTTP plumbing of the fake Discord: reading JSON bodies, writing JSON answers with headers,
 * Discord's error bodies (recorded in test/fixtures/discord/errors.json) and Cloudflare's HTML
 * page for a 502.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fixture } from './discord-payloads.js';
import { DiscordError } from './discord-types.js';

/** Discord's body for a named error (`unknownChannel`, `cannotSendToUser`, …). */
export function errorBody(name: string): Record<string, unknown> {
  const body = fixture<Record<string, Record<string, unknown>>>('errors')[name];
  if (!body) throw new Error(`fake Discord: no recorded error named ${name}`);
  return body;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The JSON body of a request (undefined when empty); invalid JSON is Discord's 50109. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req);
  if (raw.length === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    throw new DiscordError(400, { message: 'Only application/json bodies are supported by the fake', code: 50035 });
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new DiscordError(400, errorBody('invalidJson'));
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  if (status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** The page Cloudflare answers with when Discord's backend is unreachable. */
export function sendCloudflareBadGateway(res: ServerResponse): void {
  const html = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';
  res.writeHead(502, { 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(html)) });
  res.end(html);
}
