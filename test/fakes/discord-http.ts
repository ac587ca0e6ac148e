/**
 * HTTP plumbing of the fake Discord: reading JSON bodies, writing JSON answers with headers,
 * Discord's error bodies (recorded in test/fixtures/discord/errors.json) and Cloudflare's HTML
 * page for a 502.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fixture } from './discord-payloads.js';
import { DiscordError } from './discord-types.js';
import { isUpload, parseMultipart } from './telegram-http.js';
import type { UploadedFile } from './telegram-types.js';

export type { UploadedFile } from './telegram-types.js';

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

/**
 * The body of a request: JSON, or multipart/form-data with the JSON in `payload_json` and files in
 * `files[n]` (how discord.js uploads). Undefined when empty; invalid JSON is Discord's 50109.
 */
export async function readRequest(req: IncomingMessage): Promise<{ body: unknown; files: UploadedFile[] }> {
  const raw = await readBody(req);
  if (raw.length === 0) return { body: undefined, files: [] };
  const type = req.headers['content-type'] ?? '';
  const boundary = /boundary=("?)([^";]+)\1/i.exec(type)?.[2];
  if (type.startsWith('multipart/form-data') && boundary) {
    const parts = parseMultipart(raw, boundary);
    const files = Object.keys(parts).filter((k) => /^files\[\d+\]$/.test(k)).sort().map((k) => parts[k]).filter(isUpload);
    return { body: typeof parts.payload_json === 'string' ? parseJson(parts.payload_json) : undefined, files };
  }
  if (!type.startsWith('application/json')) throw new DiscordError(400, { message: 'Unsupported content type', code: 50035 });
  return { body: parseJson(raw.toString('utf8')), files: [] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
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
