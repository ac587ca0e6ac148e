/**
 * The port's failures, against the fake Bot API: what may be repeated is repeated (a few times),
 * what may have been delivered is not, and each failure reaches the core as a DeliveryError.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Api, HttpError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError, type PlatformPort } from '../../src/core/message.js';
import type { ButtonStore } from '../../src/adapters/telegram/telegram.buttons.js';
import { toDeliveryError } from '../../src/adapters/telegram/telegram.errors.js';
import { createTelegramFetch, TransportError } from '../../src/adapters/telegram/telegram.fetch.js';
import { gateTransformer, SendLimiter } from '../../src/adapters/telegram/telegram.limiter.js';
import { createTelegramPort, planSend } from '../../src/adapters/telegram/telegram.port.js';
import { groupChat, startFakeTelegram, type FakeTelegram } from '../fakes/telegram-api.js';
import { TEST_LIMITS } from './harness.js';

const group = groupChat({ id: -1001234567890, title: '2301 班' });
const plainButtons: ButtonStore = {
  keyboard: async (rows) => (rows?.length ? { inline_keyboard: rows.map((r) => r.map((b) => ({ text: b.label, callback_data: b.data }))) } : undefined),
  resolve: async (d) => d,
};
let fake: FakeTelegram;
let port: PlatformPort;
const slept: number[] = [];

function portOn(apiRoot: string): PlatformPort {
  const api = new Api(fake.token, { apiRoot, fetch: createTelegramFetch(), timeoutSeconds: 5 });
  const limiter = new SendLimiter(TEST_LIMITS);
  api.config.use(gateTransformer(limiter));
  return createTelegramPort({ api, limiter, buttons: plainButtons, sleep: async (ms) => void slept.push(ms) });
}

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

beforeEach(async () => {
  fake = await startFakeTelegram({ chats: [group] });
  port = portOn(fake.apiRoot);
  slept.length = 0;
});
afterEach(async () => {
  await fake.close();
});

describe('the Telegram port', () => {
  it('sends and edits in HTML, returning a reference to the message', async () => {
    const ref = await port.send(String(group.id), { text: 'T-7 <已受理>', buttons: [[{ label: '认领', data: 'tickets:claim:7' }]] });
    expect(ref).toEqual({ platform: 'telegram', chatId: String(group.id), messageId: '1' });
    await port.edit(ref, { text: 'T-7 已认领' });
    expect(fake.message(group.id, 1)).toMatchObject({ text: 'T-7 已认领' });
    expect(fake.message(group.id, 1)?.reply_markup).toBeUndefined();
    await port.edit(ref, { text: 'T-7 已认领' }); // not modified: fine
  });

  it('maps 403 to blocked and 400 to invalid, without repeating them', async () => {
    fake.inject({ method: 'sendMessage', fault: { kind: 'cantInitiate' } });
    expect((await failure(port.send(String(group.id), { text: 'x' }))).reason).toBe('blocked');
    fake.inject({ method: 'sendMessage', fault: { kind: 'error', code: 400, description: 'Bad Request: chat not found' } });
    expect((await failure(port.send(String(group.id), { text: 'x' }))).reason).toBe('invalid');
    expect(fake.callsTo('sendMessage').map((c) => c.status)).toEqual([403, 400]);
  });

  it('repeats a 5xx, including the HTML page of Telegram front servers, and gives up as transient', async () => {
    fake.inject({ method: 'sendMessage', fault: { kind: 'serverError', status: 502, html: true } });
    fake.inject({ method: 'sendMessage', fault: { kind: 'serverError' } });
    await port.send(String(group.id), { text: '第三次成功' });
    expect(fake.callsTo('sendMessage').map((c) => c.status)).toEqual([502, 500, 200]);
    expect(slept).toEqual([500, 2000]);
    fake.inject({ method: 'sendMessage', times: 3, fault: { kind: 'serverError', status: 502 } });
    expect((await failure(port.send(String(group.id), { text: 'x' }))).reason).toBe('transient');
    expect(fake.messagesTo(group.id)).toHaveLength(1);
  });

  it('never repeats a request whose answer was lost: it may have been delivered', async () => {
    fake.inject({ method: 'sendMessage', fault: { kind: 'dropAfterRecord' } });
    expect((await failure(port.send(String(group.id), { text: '工单 T-9 已创建' }))).reason).toBe('unknown');
    fake.inject({ method: 'sendMessage', fault: { kind: 'dropBeforeRecord' } });
    expect((await failure(port.send(String(group.id), { text: '工单 T-10 已创建' }))).reason).toBe('unknown');
    expect(fake.messagesTo(group.id).map((r) => r.text)).toEqual(['工单 T-9 已创建']);
    expect(fake.callsTo('sendMessage')).toHaveLength(2);
  });

  it('calls a refused connection transient: nothing left the machine', async () => {
    const closed = await startFakeTelegram();
    const root = closed.apiRoot;
    await closed.close();
    const err = await failure(portOn(root).send('1001', { text: 'x' }));
    expect(err.reason).toBe('transient');
    expect(slept).toEqual([500, 2000]);
  });

  it('waits out a 429 and sends once', async () => {
    fake.inject({ method: 'sendMessage', fault: { kind: 'retryAfter', seconds: 1 } });
    const t0 = Date.now();
    await port.send(String(group.id), { text: '提醒' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    expect(fake.messagesTo(group.id)).toHaveLength(1);
  });

  it('plans photos: the first with the text as caption when it fits, else the text after them', () => {
    expect(planSend({ text: '热水器', photos: ['A', 'B'] })).toEqual([
      { kind: 'photo', photo: 'A', caption: '热水器', main: true }, { kind: 'photo', photo: 'B', main: false },
    ]);
    const long = 'x'.repeat(1100);
    expect(planSend({ text: long, photos: ['A'] })).toEqual([{ kind: 'photo', photo: 'A', main: false }, { kind: 'text', text: long, main: true }]);
  });

  it('calls a timed-out request unknown, and one given up before connecting transient', () => {
    expect(toDeliveryError(new HttpError('x', new TransportError('request aborted', false, 'ABORT_ERR'))).reason).toBe('unknown');
    expect(toDeliveryError(new HttpError('x', new TransportError('request aborted', true, 'ABORT_ERR'))).reason).toBe('transient');
    expect(toDeliveryError(new HttpError('x', new Error('socket hang up'))).reason).toBe('unknown');
    expect(toDeliveryError(new Error('boom')).reason).toBe('unknown');
  });
});

describe('the transport', () => {
  it('keeps a connection alive between calls and closes it once idle, before the server would', async () => {
    const connections: Socket[] = [];
    const server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end('{"ok":true,"result":true}'));
    server.keepAliveTimeout = 60_000; // the server would keep it a minute
    server.on('connection', (socket) => connections.push(socket));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bot1:x/getMe`;
    const fetchFn = createTelegramFetch({ idleSocketMs: 200 });
    const call = async () => (await fetchFn(url, { method: 'POST' })).json();
    try {
      expect(await call()).toEqual({ ok: true, result: true });
      await call();
      expect(connections).toHaveLength(1);
      const first = connections[0]!;
      if (!first.closed) await new Promise((r) => first.once('close', r)); // we close it after 200 ms idle
      await call();
      expect(connections).toHaveLength(2); // ours was closed when idle: no request is written onto a closing one
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
