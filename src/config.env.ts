/**
 * The environment variables of SPEC section 9, written over the parsed YAML before validation, and
 * the check of YIZHAN_ADMINS (named as the variable, not as a key of the file).
 */

/** An admin's platform identity: Telegram and Discord ids are numbers; console users are names. */
export const ADMIN_KEY = /^(local:\S+|telegram:\d+|discord:\d+)$/;
export const ADMIN_HELP = 'write platform:user-id, e.g. telegram:123456789 or discord:80351110224678912 (numeric ids) or local:admin';

/** Environment variables (SPEC section 9) written over the parsed YAML before validation. */
export function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out = { ...raw };
  const section = (key: string) => ({ ...((out[key] as Record<string, unknown> | undefined) ?? {}) });
  const telegram = section('telegram');
  const discord = section('discord');
  const database = section('database');
  if (env.TELEGRAM_BOT_TOKEN) telegram.token = env.TELEGRAM_BOT_TOKEN;
  if (env.TELEGRAM_API_ROOT) telegram.api_root = env.TELEGRAM_API_ROOT;
  if (env.TELEGRAM_WEBHOOK_URL) telegram.webhook_url = env.TELEGRAM_WEBHOOK_URL;
  if (env.DISCORD_TOKEN) discord.token = env.DISCORD_TOKEN;
  if (env.DISCORD_APPLICATION_ID) discord.application_id = env.DISCORD_APPLICATION_ID;
  if (env.DISCORD_API_ROOT) discord.api_root = env.DISCORD_API_ROOT;
  if (env.DISCORD_GLOBAL_COMMANDS) discord.global_commands = ['1', 'true', 'yes'].includes(env.DISCORD_GLOBAL_COMMANDS.toLowerCase());
  if (env.YIZHAN_DB) database.path = env.YIZHAN_DB;
  if (env.DATABASE_URL) database.url = env.DATABASE_URL;
  if (env.LOG_LEVEL) out.log_level = env.LOG_LEVEL;
  const extra = envAdmins(env);
  if (extra.length) out.admins = [...new Set([...(Array.isArray(out.admins) ? out.admins : []), ...extra])];
  return { ...out, telegram, discord, database };
}

/** YIZHAN_ADMINS="telegram:123,discord:456": admins added to the config's (a Docker run names the first admin so). */
function envAdmins(env: NodeJS.ProcessEnv): string[] {
  return (env.YIZHAN_ADMINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Problems of YIZHAN_ADMINS, named as the variable (the config's own admins are checked by the schema). */
export function envProblems(env: NodeJS.ProcessEnv): string[] {
  return envAdmins(env).filter((a) => !ADMIN_KEY.test(a)).map((a) => `YIZHAN_ADMINS: "${a}": ${ADMIN_HELP}; separate several with commas`);
}
