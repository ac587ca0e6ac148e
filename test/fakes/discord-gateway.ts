/**
 * The fake Discord gateway: a WebSocket endpoint (JSON encoding, no compression) on the fake's
 * HTTP server. HELLO on connect; IDENTIFY → READY and one GUILD_CREATE per server; heartbeats get
 * ACKs; RESUME replays what the session missed, then RESUMED; dispatches follow the intents
 * (GUILD_MESSAGES, DIRECT_MESSAGES, and the privileged MESSAGE_CONTENT for message content).
 * Faults: a disconnect with any close code, a connection dropped without a close frame, op 7
 * Reconnect, op 9 Invalid Session, unanswered heartbeats, expired sessions.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { asSeenByBot, guildCreatePayload, readyPayload } from './discord-payloads.js';
import type { EventScope, FakeState, GatewayPort } from './discord-state.js';

export const INTENTS = { guilds: 1 << 0, guildMembers: 1 << 1, guildPresences: 1 << 8, guildMessages: 1 << 9, directMessages: 1 << 12, messageContent: 1 << 15 };
const PRIVILEGED = INTENTS.guildMembers | INTENTS.guildPresences | INTENTS.messageContent;
/** Close codes after which Discord does not let the session be resumed. */
const ENDS_SESSION = new Set([4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);
const REPLAY_LIMIT = 1000;

interface Dispatch {
  op: 0;
  t: string;
  s: number;
  d: unknown;
}

interface Session {
  id: string;
  seq: number;
  intents: number;
  socket?: WebSocket;
  resumable: boolean;
  events: Dispatch[];
}

/** A payload the bot sent on the gateway. */
export interface GatewayReceived {
  op: number;
  d: unknown;
  at: number;
  /** Which path it connected to: `/gateway` or the resume URL's `/gateway-resume`. */
  path: string;
}

export class FakeGateway implements GatewayPort {
  url = '';
  resumeUrl = '';
  sessionStarts = 0;
  /** The most sessions ever connected at once (one bot, one shard: 1; several instances each connecting: more). */
  peakConnected = 0;
  /** Heartbeats are answered with op 11 (false: the connection looks like a zombie). */
  ackHeartbeats = true;
  readonly received: GatewayReceived[] = [];
  /** Close codes of connections that ended, with who closed them. */
  readonly closes: { code: number; by: 'bot' | 'fake' }[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Set<WebSocket>();
  private readonly closedByFake = new WeakSet<WebSocket>();

  constructor(private readonly s: Omit<FakeState, 'gateway'>, private readonly opts: { heartbeatIntervalMs: number; privilegedIntents: number }) {}

  attach(server: Server, base: string): void {
    this.url = `${base.replace('http', 'ws')}/gateway`;
    this.resumeUrl = `${base.replace('http', 'ws')}/gateway-resume`;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path !== '/gateway' && path !== '/gateway-resume') return void socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, path));
    });
  }

  /** Sessions that are connected now. */
  get connected(): number {
    return [...this.sessions.values()].filter((x) => x.socket).length;
  }

  private countConnected(): void {
    this.peakConnected = Math.max(this.peakConnected, this.connected);
  }

  private onConnection(ws: WebSocket, path: string): void {
    this.sockets.add(ws);
    let session: Session | undefined;
    ws.on('close', (code) => {
      this.sockets.delete(ws);
      if (!this.closedByFake.has(ws)) this.closes.push({ code, by: 'bot' });
      if (session?.socket === ws) session.socket = undefined;
      // A bot that closes with 1000 or 1001 ends its session; other codes keep it resumable.
      if (session && (code === 1000 || code === 1001)) session.resumable = false;
      this.s.waits.notify();
    });
    ws.on('message', (raw) => {
      let p: { op?: number; d?: unknown };
      try {
        p = JSON.parse(String(raw)) as { op?: number; d?: unknown };
      } catch {
        return this.closeSocket(ws, 4002, 'Error while decoding payload.');
      }
      this.received.push({ op: Number(p.op), d: p.d, at: this.s.now(), path });
      this.s.waits.notify();
      session = this.onPayload(ws, session, p) ?? session;
    });
    this.send(ws, { op: 10, d: { heartbeat_interval: this.opts.heartbeatIntervalMs, _trace: ['["gateway-prd-fake",{"micros":0}]'] }, s: null, t: null });
  }

  private onPayload(ws: WebSocket, session: Session | undefined, p: { op?: number; d?: unknown }): Session | undefined {
    const d = (p.d ?? {}) as Record<string, unknown>;
    switch (p.op) {
      case 1:
        if (this.ackHeartbeats) this.send(ws, { op: 11 });
        return undefined;
      case 2:
        return session ? void this.closeSocket(ws, 4005, 'Already authenticated.') : this.identify(ws, d);
      case 6:
        return session ? void this.closeSocket(ws, 4005, 'Already authenticated.') : this.resume(ws, d);
      case 3:
      case 4:
      case 8:
        return session ? undefined : void this.closeSocket(ws, 4003, 'Not authenticated.');
      default:
        return void this.closeSocket(ws, 4001, 'Unknown opcode.');
    }
  }

  private identify(ws: WebSocket, d: Record<string, unknown>): Session | undefined {
    if (d.token !== this.s.token) return void this.closeSocket(ws, 4004, 'Authentication failed.');
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0) return void this.closeSocket(ws, 4013, 'Invalid intent(s).');
    if (intents & PRIVILEGED & ~this.opts.privilegedIntents) return void this.closeSocket(ws, 4014, 'Disallowed intent(s).');
    this.sessionStarts += 1;
    const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, intents, socket: ws, resumable: true, events: [] };
    this.sessions.set(session.id, session);
    this.countConnected();
    const store = this.s.store;
    this.emit(session, 'READY', readyPayload({
      bot: store.bot, applicationId: store.applicationId, sessionId: session.id, resumeUrl: this.resumeUrl, guildIds: [...store.guilds.keys()],
    }));
    if (intents & INTENTS.guilds) {
      for (const g of store.guilds.values()) {
        const channels = g.channelIds.map((id) => store.channelPayload(store.channel(id))) as Parameters<typeof guildCreatePayload>[0]['channels'];
        this.emit(session, 'GUILD_CREATE', guildCreatePayload({ ...g, channels, members: [...g.members.values()] }, store.bot));
      }
    }
    return session;
  }

  private resume(ws: WebSocket, d: Record<string, unknown>): Session | undefined {
    const session = this.sessions.get(String(d.session_id));
    if (!session || !session.resumable || d.token !== this.s.token) {
      this.send(ws, { op: 9, d: false, s: null, t: null });
      return undefined;
    }
    const seq = Number(d.seq ?? 0);
    if (seq > session.seq) return void this.closeSocket(ws, 4007, 'Invalid seq.');
    if (session.socket && session.socket !== ws) this.closeSocket(session.socket, 4000, 'Session resumed elsewhere.');
    session.socket = ws;
    this.countConnected();
    for (const e of session.events) if (e.s > seq) this.send(ws, e);
    this.emit(session, 'RESUMED', { _trace: ['["gateway-prd-fake",{"micros":0}]'] });
    return session;
  }

  /** Sends an event to every session that asked for it; sessions away keep it for their RESUME. */
  dispatch(event: string, data: unknown, scope: EventScope): void {
    for (const session of this.sessions.values()) {
      if (!session.resumable || !wants(session.intents, event, scope)) continue;
      const d = scope.message && event.startsWith('MESSAGE_')
        ? asSeenByBot(data as never, this.s.store.bot.id, (session.intents & INTENTS.messageContent) !== 0, !scope.guildId)
        : data;
      this.emit(session, event, d);
    }
  }

  private emit(session: Session, t: string, d: unknown): void {
    const payload: Dispatch = { op: 0, t, s: ++session.seq, d };
    session.events.push(payload);
    if (session.events.length > REPLAY_LIMIT) session.events.shift();
    if (session.socket) this.send(session.socket, payload);
  }

  private send(ws: WebSocket, payload: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
  }

  private closeSocket(ws: WebSocket, code: number, reason: string): void {
    this.closes.push({ code, by: 'fake' });
    this.closedByFake.add(ws);
    if (ENDS_SESSION.has(code)) for (const x of this.sessions.values()) if (x.socket === ws) x.resumable = false;
    ws.close(code, reason);
  }

  // ------------------------------------------------------------------------------- faults

  /** Closes every connection with `code` (4000 Unknown error by default: the bot resumes). */
  disconnect(code = 4000, reason = 'Unknown error.'): void {
    for (const ws of [...this.sockets]) this.closeSocket(ws, code, reason);
  }

  /** Ends every connection without a close frame (the bot sees 1006 and resumes). */
  drop(): void {
    for (const ws of [...this.sockets]) {
      this.closes.push({ code: 1006, by: 'fake' });
      this.closedByFake.add(ws);
      ws.terminate();
    }
  }

  /** op 7 Reconnect: the bot should reconnect and resume. */
  requestReconnect(): void {
    for (const ws of this.sockets) this.send(ws, { op: 7, d: null, s: null, t: null });
  }

  /** op 9 Invalid Session on every connection. */
  invalidateSessions(resumable: boolean): void {
    for (const session of this.sessions.values()) {
      session.resumable = resumable;
      if (session.socket) this.send(session.socket, { op: 9, d: resumable, s: null, t: null });
    }
  }

  /** Sessions can no longer be resumed (the bot was away too long): what they missed is gone. */
  expireSessions(): void {
    for (const session of this.sessions.values()) session.resumable = false;
  }

  close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

function wants(intents: number, event: string, scope: EventScope): boolean {
  if (event.startsWith('MESSAGE_')) return (intents & (scope.guildId ? INTENTS.guildMessages : INTENTS.directMessages)) !== 0;
  if (event.startsWith('GUILD_') || event.startsWith('CHANNEL_')) return (intents & INTENTS.guilds) !== 0;
  return true;
}
