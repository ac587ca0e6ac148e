/**
 * HTTP plumbing of the fake Telegram server: decoding request bodies the way the Bot API accepts
 * them (query string, JSON, urlencoded, multipart/form-data), writing replies, and posting updates
 * to a bot's webhook.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import { badRequest, type Params, type UploadedFile } from './telegram-types.js';

/** Parameters Telegram expects as JSON-serialized strings in urlencoded and multipart bodies. */
const JSON_FIELDS = new Set([
  'reply_markup', 'entities', 'caption_entities', 'allowed_updates', 'commands', 'scope',
  'reply_parameters', 'link_preview_options', 'media',
]);

/** Reads the whole body and decodes it; multipart files become `UploadedFile`s, `attach://` refs resolved. */
export async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = Object.fromEntries(url.searchParams);
  const body = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  if (body.length > 0) Object.assign(params, decodeBody(body, type));
  return normalize(params);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decodeBody(body: Buffer, contentType: string): Params {
  if (contentType.startsWith('application/json')) return parseJson(body.toString('utf8'));
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  }
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  if (contentType.startsWith('multipart/form-data') && boundary) return parseMultipart(body, boundary);
  return {};
}

function parseJson(text: string): Params {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Params;
  } catch {
    // fall through to Telegram's complaint
  }
  throw badRequest("can't parse JSON");
}

/** A small multipart/form-data parser, lenient like Telegram (grammY omits spaces and quotes). */
export function parseMultipart(body: Buffer, boundary: string): Params {
  const params: Params = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    addPart(params, body.subarray(partStart + 2, next - 2));
    start = next;
  }
  return params;
}

function addPart(params: Params, part: Buffer): void {
  const split = part.indexOf('\r\n\r\n');
  if (split === -1) return;
  const headers = part.subarray(0, split).toString('utf8');
  const content = part.subarray(split + 4);
  const name = /(?:^|[;\s])name="([^"]*)"/i.exec(headers)?.[1];
  if (name === undefined) return;
  const filename = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
  if (filename === undefined) {
    params[name] = content.toString('utf8');
    return;
  }
  const contentType = /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1] ?? 'application/octet-stream';
  const file: UploadedFile = { filename, contentType, size: content.length, data: Buffer.from(content) };
  params[name] = file;
}

/** Parses JSON-serialized fields, resolves `attach://name` to the uploaded file. */
function normalize(params: Params): Params {
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== 'string') continue;
    if (value.startsWith('attach://') && isUpload(params[value.slice(9)])) {
      params[key] = params[value.slice(9)];
      delete params[value.slice(9)];
    } else if (JSON_FIELDS.has(key)) {
      params[key] = parseJsonField(key, value);
    }
  }
  return params;
}

function parseJsonField(key: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw badRequest(`can't parse ${key} JSON object`);
  }
}

export function isUpload(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedFile).data);
}

/** Params as recorded: uploads are replaced by a short description. */
export function describeUploads(p: Params): Params {
  return Object.fromEntries(
    Object.entries(p).map(([k, v]) => [k, isUpload(v) ? `<upload ${v.filename}, ${v.size} bytes>` : v]),
  );
}

/** Writes a JSON reply with the given HTTP status. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The page Telegram's nginx front sends when the Bot API backend is down. */
export function sendNginxBadGateway(res: ServerResponse): void {
  const html =
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
    '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n';
  res.writeHead(502, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

/**
 * POSTs an update to a bot's webhook endpoint as Telegram does (JSON body, and the
 * `X-Telegram-Bot-Api-Secret-Token` header when a secret is given). Resolves with the HTTP status and
 * the reply body (parsed as JSON when possible: a webhook reply may carry a Bot API method call).
 * Uses a fresh connection that is closed afterwards, so no socket outlives the call.
 */
export function postWebhook(
  url: string,
  update: Update,
  secretToken?: string,
): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(update);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    connection: 'close',
  };
  if (secretToken !== undefined) headers['x-telegram-bot-api-secret-token'] = secretToken;
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers, agent: false }, (res) => {
      readBody(res).then((buf) => resolve({ status: res.statusCode ?? 0, body: parseMaybeJson(buf) }), reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function parseMaybeJson(buf: Buffer): unknown {
  const text = buf.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
