/**
 * /mydata, /forgetme (with its confirmation buttons), the same asked in plain words, and the daily
 * retention job: thin triggers over the privacy service.
 */
import type { Config } from '../../config.js';
import { button, type Ctx, type Feature } from '../../core/feature.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { RoleSet } from '../../core/roles.js';
import type { AccessService } from '../access/access.service.js';
import { PLATFORM_NAMES } from '../members/members.messages.js';
import type { MembersService } from '../members/members.service.js';
import { privacyMessages } from './privacy.messages.js';
import { corePrivacy, type PrivacyService } from './privacy.service.js';

export interface PrivacyFeatureDeps {
  config: Config;
  privacy: PrivacyService;
  members: MembersService;
  access: AccessService;
  /** Runs a command as the member of a context (plain words asking for /mydata or /forgetme). */
  run: (ctx: Ctx, command: string) => Promise<void>;
}

const F = 'privacy';
const m = (l: Locale) => tr(privacyMessages, l);

export function privacyFeature(deps: PrivacyFeatureDeps): Feature {
  const { privacy, members } = deps;

  /** Work roles keep their records (tickets handled, audit): staff, leads and admins cannot erase themselves. */
  function workRoles(roles: RoleSet, l: Locale): string | undefined {
    const work = roles.grants.filter((g) => g.role !== 'rep');
    return work.length ? work.map((g) => deps.access.describe(g, l)).join(m(l).roleSep) : undefined;
  }

  async function mydata(ctx: Ctx) {
    // The file is the person's data again: the outbox keeps no copy of it once sent.
    ctx.reply({ text: m(ctx.locale).mydataCaption, file: await privacy.exportFile(ctx.member.id, ctx.now, ctx.locale) }, { forget: true });
  }

  async function forgetme(ctx: Ctx) {
    const roles = workRoles(ctx.roles, ctx.locale);
    if (roles) return ctx.reply(m(ctx.locale).staffRefused({ roles }));
    const accounts = (await members.identities(ctx.member.id)).map((i) => PLATFORM_NAMES[i.platform][ctx.locale]).join(m(ctx.locale).roleSep);
    ctx.reply({
      text: m(ctx.locale).confirm({ accounts }),
      buttons: [[button(m(ctx.locale).btnErase, F, 'erase', ctx.member.id), button(m(ctx.locale).btnKeep, F, 'keep')]],
    });
  }

  /** "Erase": only for the member it was shown to; a second press comes from a new member and erases nothing. */
  async function erase(ctx: Ctx, [id = '']: string[]) {
    const memberId = Number(id);
    if (memberId !== ctx.member.id) {
      return ctx.reply((await members.get(memberId))?.erasedAt ? m(ctx.locale).alreadyErased : m(ctx.locale).notYours);
    }
    const roles = workRoles(ctx.roles, ctx.locale); // a role granted since the question was asked
    if (roles) return ctx.reply(m(ctx.locale).staffRefused({ roles }));
    // Written after the erasure: its row (which names their chat) goes once it was sent, and the files are emptied again.
    ctx.reply((await privacy.forget(memberId, ctx.now)) ? m(ctx.locale).erased : m(ctx.locale).alreadyErased, { forget: true, onSent: 'privacy.erased' });
  }

  return {
    name: F,
    commands: [
      { name: 'mydata', summary: (l) => m(l).mydataSummary, answers: 'private', run: mydata }, // everything about the asker
      { name: 'forgetme', where: 'private', summary: (l) => m(l).forgetmeSummary, run: forgetme },
    ],
    buttons: {
      erase,
      keep: async (ctx) => ctx.reply(m(ctx.locale).kept),
    },
    intents: {
      'privacy.export': (ctx) => deps.run(ctx, '/mydata'),
      'privacy.forget': (ctx) => deps.run(ctx, '/forgetme'),
    },
    sent: { erased: privacy.erasedConfirmed },
    jobs: [{ name: 'privacy.retention', cron: '40 3 * * *', run: async (now) => void (await privacy.retain(now)) }],
    privacy: corePrivacy,
  };
}
