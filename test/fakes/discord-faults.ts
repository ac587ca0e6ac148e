/**
 * Fault injection for the fake Discord: a queue of counted rules matched by route template (and
 * optionally channel). A matching request gets the fault's answer instead of its own: a 429, the
 * DM refusals 50007 / 50278, a 5xx, any Discord error, or a connection dropped before or after
 * the request took effect.
 */
import { errorBody } from './discord-http.js';
import { tooManyRequests } from './discord-ratelimits.js';
import { DiscordError, type Fault, type FaultRule } from './discord-types.js';

export interface ActiveFault extends FaultRule {
  remaining: number;
}

export class FaultQueue {
  private rules: ActiveFault[] = [];

  add(rule: FaultRule): ActiveFault {
    const active: ActiveFault = { ...rule, remaining: rule.times ?? 1 };
    this.rules.push(active);
    return active;
  }

  /** Takes the fault for a request, using up one hit of the first matching rule. */
  take(route: string, channelId: string | undefined): Fault | undefined {
    const rule = this.rules.find((r) => matches(r, route, channelId));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }

  get pending(): readonly ActiveFault[] {
    return this.rules;
  }
}

function matches(rule: FaultRule, route: string, channelId: string | undefined): boolean {
  const routes = Array.isArray(rule.route) ? rule.route : [rule.route];
  if (!routes.includes('*') && !routes.includes(route)) return false;
  return rule.channelId === undefined || rule.channelId === channelId;
}

/** The error a fault answers with; undefined for drops and Cloudflare's HTML page. */
export function faultError(fault: Fault): DiscordError | undefined {
  switch (fault.kind) {
    case 'rateLimited':
      return tooManyRequests(fault.retryAfter * 1000, fault.global ?? false, fault.scope ?? (fault.global ? 'global' : 'user'));
    case 'cannotSendToUser':
      return new DiscordError(403, errorBody('cannotSendToUser'));
    case 'noMutualGuilds':
      return new DiscordError(403, errorBody('noMutualGuilds'));
    case 'serverError':
      if (fault.html) return undefined;
      return new DiscordError(fault.status ?? 500, { message: `${fault.status ?? 500}: ${fault.status === 503 ? 'Service Unavailable' : 'Internal Server Error'}`, code: 0 });
    case 'error':
      return new DiscordError(fault.status, { message: fault.message, code: fault.code });
    case 'drop':
      return undefined;
  }
}
