/**
 * Interaction routes of the fake Discord. The first response goes to
 * `POST /interactions/:id/:token/callback` within 3 seconds of the interaction (else 10062
 * Unknown interaction), once (else 40060): 4 reply, 5 deferred reply ("thinking…"), 6 deferred
 * update and 7 update (components only), 9 modal (never after another response). Afterwards the
 * token is a webhook for 15 minutes (an autocomplete is answered with type 8 alone, with its choices): edit or delete `@original`, send and edit follow-ups.
 * `?with_response=true` answers the callback with the interaction callback response object.
 */
import type { APIMessage } from 'discord.js';
import { errorBody } from './discord-http.js';
import { applyEdit, botMessage, publish } from './discord-rest-messages.js';
import type { FakeState, InteractionState, Route, RouteContext } from './discord-state.js';
import { DiscordError, invalidFormBody } from './discord-types.js';
import { validateMessage, validateModal, type MessageBody } from './discord-validate.js';

/** Discord's window for the first response, and the life of the token as a webhook. */
export const ACK_WINDOW_MS = 3000;
export const TOKEN_LIFETIME_MS = 15 * 60_000;

const COMPONENT = 3;
const AUTOCOMPLETE = 4;
const MODAL_SUBMIT = 5;
const LOADING = 128;

function findForCallback(s: FakeState, id: string, token: string): InteractionState {
  const i = s.interactions.get(id);
  if (!i || i.token !== token || s.now() - i.createdAt > ACK_WINDOW_MS) throw new DiscordError(404, errorBody('unknownInteraction'));
  return i;
}

function callback(ctx: RouteContext): unknown {
  const s = ctx.state;
  const i = findForCallback(s, ctx.params.interaction!, ctx.params.token!);
  const { type, data } = (ctx.body ?? {}) as { type?: number; data?: unknown };
  const entry = { type: Number(type), at: s.now(), status: 400 };
  i.callbacks.push(entry);
  if (i.response !== 'none') throw new DiscordError(400, errorBody('alreadyAcknowledged'));
  const message = respond(s, i, Number(type), data);
  entry.status = ctx.query.get('with_response') === 'true' ? 200 : 204;
  s.record({ kind: 'callback', channelId: i.channelId, callbackType: Number(type), interactionId: i.id, ...(message ? { message } : {}) });
  if (entry.status === 204) return undefined;
  return {
    interaction: {
      id: i.id, type: i.payload.type, response_message_id: i.originalId,
      response_message_loading: Number(type) === 5, response_message_ephemeral: !!(message?.flags && message.flags & 64),
    },
    ...(message ? { resource: { type: Number(type), message } } : {}),
  };
}

function respond(s: FakeState, i: InteractionState, type: number, data: unknown): APIMessage | undefined {
  const onComponent = i.payload.type === COMPONENT || i.payload.type === MODAL_SUBMIT;
  if ((type === 8) !== (i.payload.type === AUTOCOMPLETE)) throw invalidResponseType();
  const channel = s.store.channel(i.channelId);
  switch (type) {
    case 4:
    case 5: {
      const body: MessageBody = type === 4 ? validateMessage(data, false) : { flags: LOADING | ((data as MessageBody | undefined)?.flags ?? 0) };
      const msg = botMessage(s, i.channelId, body, interactionFields(s, i));
      publish(s, channel, msg);
      i.originalId = msg.id;
      i.response = type === 4 ? 'reply' : 'deferredReply';
      return msg;
    }
    case 6:
    case 7: {
      if (!onComponent) throw invalidResponseType();
      const target = (i.payload as { message: APIMessage }).message;
      i.originalId = target.id;
      i.response = type === 6 ? 'deferredUpdate' : 'update';
      return type === 7 ? applyEdit(s, channel, s.store.message(i.channelId, target.id), validateMessage(data, true)) : undefined;
    }
    case 8: {
      const choices = (data as { choices?: { name: string; value: string | number }[] } | undefined)?.choices;
      if (!Array.isArray(choices) || choices.length > 25) throw invalidFormBody('data.choices', 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      i.response = 'autocomplete';
      i.choices = choices;
      return undefined;
    }
    case 9:
      if (i.payload.type === MODAL_SUBMIT) throw invalidResponseType();
      i.modalInputs = validateModal(data);
      i.response = 'modal';
      i.modal = data;
      return undefined;
    default:
      throw invalidResponseType();
  }
}

const invalidResponseType = () => invalidFormBody('type', 'INTERACTION_RESPONSE_TYPE_INVALID', 'This interaction response type is not valid for this interaction.');

function interactionFields(s: FakeState, i: InteractionState): Partial<APIMessage> {
  const user = s.store.user(i.userId).user;
  const p = i.payload as { type: number; data?: { name?: string } };
  const metadata = { id: i.id, type: p.type, user, authorizing_integration_owners: {}, ...(p.data?.name ? { name: p.data.name } : {}) };
  return { type: p.type === 2 ? 20 : 0, webhook_id: s.store.applicationId, application_id: s.store.applicationId, interaction_metadata: metadata } as Partial<APIMessage>;
}

/** The interaction behind a webhook token, if it was acknowledged and its 15 minutes are not over. */
function findForWebhook(s: FakeState, appId: string, token: string): InteractionState {
  if (appId !== s.store.applicationId) throw new DiscordError(404, errorBody('unknownWebhook'));
  const i = [...s.interactions.values()].find((x) => x.token === token);
  if (!i || s.now() - i.createdAt > TOKEN_LIFETIME_MS) throw new DiscordError(401, errorBody('invalidWebhookToken'));
  if (i.response === 'none' || i.response === 'modal') throw new DiscordError(404, errorBody('unknownWebhook'));
  return i;
}

function targetId(i: InteractionState, param: string): string {
  if (param !== '@original') {
    if (!i.followups.includes(param)) throw new DiscordError(404, errorBody('unknownMessage'));
    return param;
  }
  return i.originalId!;
}

function webhookMessage(ctx: RouteContext): unknown {
  const s = ctx.state;
  const i = findForWebhook(s, ctx.params.app!, ctx.params.token!);
  const channel = s.store.channel(i.channelId);
  const id = targetId(i, ctx.params.message!);
  const old = s.store.message(i.channelId, id);
  if (ctx.body === undefined) return old;
  const edited = applyEdit(s, channel, old, validateMessage(ctx.body, true));
  s.record({ kind: ctx.params.message === '@original' ? 'editOriginal' : 'edit', channelId: i.channelId, message: edited, interactionId: i.id });
  return edited;
}

function followup(ctx: RouteContext): unknown {
  const s = ctx.state;
  const i = findForWebhook(s, ctx.params.app!, ctx.params.token!);
  const msg = botMessage(s, i.channelId, validateMessage(ctx.body, false), interactionFields(s, i));
  publish(s, s.store.channel(i.channelId), msg);
  i.followups.push(msg.id);
  s.record({ kind: 'followup', channelId: i.channelId, message: msg, interactionId: i.id });
  return ctx.query.get('wait') === 'true' ? msg : undefined;
}

function deleteWebhookMessage(ctx: RouteContext): undefined {
  const s = ctx.state;
  const i = findForWebhook(s, ctx.params.app!, ctx.params.token!);
  const old = s.store.message(i.channelId, targetId(i, ctx.params.message!));
  s.store.remove(i.channelId, old.id);
  s.record({ kind: ctx.params.message === '@original' ? 'deleteOriginal' : 'delete', channelId: i.channelId, message: old, interactionId: i.id });
  return undefined;
}

const byToken = (p: Record<string, string>): string => p.token ?? '';
const hook = (method: Route['method'], path: string, handle: Route['handle']): Route => ({
  method, path, auth: false, bucket: 'other', global: false, major: byToken, handle,
});

export const interactionRoutes: Route[] = [
  hook('POST', '/interactions/:interaction/:token/callback', callback),
  hook('GET', '/webhooks/:app/:token/messages/:message', (ctx) => webhookMessage({ ...ctx, body: undefined })),
  hook('PATCH', '/webhooks/:app/:token/messages/:message', webhookMessage),
  hook('DELETE', '/webhooks/:app/:token/messages/:message', deleteWebhookMessage),
  hook('POST', '/webhooks/:app/:token', followup),
];
