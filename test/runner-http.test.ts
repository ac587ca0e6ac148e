/**
 * The runner's HTTP server belongs to no platform: `/healthz` reports the bot and each platform, and
 * an adapter's routes (Telegram's webhook) are served on it; while the runner stops, a route refuses
 * what it would store (503), after its own checks.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { startHttpServer, type HttpServer } from '../src/runner.http.js';
import { webhookRoute } from '../src/adapters/telegram/telegram.webhook.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (port: number, path: string, body: unknown, secret?: string) => fetch(`http://127.0.0.1:${port}${path}`, {
  method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
}).then((r) => r.status);

describe("the runner's HTTP server", () => {
  it('reports each platform on /healthz, 503 while one is down', async () => {
    let discordUp = false;
    server = await startHttpServer({ port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }), health: () => ({ ok: discordUp, platforms: { telegram: true, discord: discordUp } }) });
    const health = async () => { const r = await fetch(`http://127.0.0.1:${server!.port}/healthz`); return [r.status, await r.json()]; };
    expect(await health()).toEqual([503, { ok: false, platforms: { telegram: true, discord: false } }]);
    discordUp = true;
    expect(await health()).toEqual([200, { ok: true, platforms: { telegram: true, discord: true } }]);
    expect(await post(server.port, '/telegram/hook', {})).toBe(404); // no platform registered a route
  });

  it("serves an adapter's route (Telegram's webhook) and, while stopping, has it refuse after its secret check", async () => {
    const accepted: Update[] = [];
    const route = webhookRoute({ path: '/telegram/hook', secret: 'S3cret', accept: async (u) => void accepted.push(u) });
    server = await startHttpServer({ port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }), health: () => true, routes: [route] });
    const update = { update_id: 7, message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: 'hi' } };
    expect(await post(server.port, '/telegram/hook', update)).toBe(401);
    expect(await post(server.port, '/telegram/hook', { nope: 1 }, 'S3cret')).toBe(400);
    expect(await post(server.port, '/telegram/hook', update, 'S3cret')).toBe(200);
    server.refuseRoutes();
    expect(await post(server.port, '/telegram/hook', update, 'wrong')).toBe(401);
    expect(await post(server.port, '/telegram/hook', update, 'S3cret')).toBe(503);
    expect(accepted.map((u) => u.update_id)).toEqual([7]);
  });
});
