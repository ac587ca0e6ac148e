import { defineMessages } from './core/i18n.js';

/** What `npm start` says to the person running it, before any chat exists. */
export const mainMessages = defineMessages({
  'zh-CN': {
    noTerminal: [
      '没有配置任何平台令牌，而且当前不是交互式终端，所以无法打开本地控制台聊天。',
      '请任选其一：',
      '  · 在终端里直接运行 npm start，打开本地控制台聊天；',
      '  · 设置 TELEGRAM_BOT_TOKEN=<从 @BotFather 获得的令牌> 后运行 npm start，连接 Telegram；',
      '  · 设置 DISCORD_TOKEN 和 DISCORD_APPLICATION_ID（Discord 开发者门户中的机器人令牌和应用 ID）后运行 npm start，连接 Discord；',
      '两个平台的令牌都设置时，同时连接两者。令牌也可以写在配置文件（YIZHAN_CONFIG，默认 config/default.yaml）的 telegram.token 和 discord.token 中。',
    ].join('\n'),
    cannotOpenDb: (p: { path: string; reason: string }) =>
      `无法在 ${p.path} 创建或打开数据库（${p.reason}）。请把 YIZHAN_DB（或配置文件中的 database.path）设为一个可以创建和写入的位置，例如 ./data/yizhan.db。`,
    noApplicationId: '已设置 DISCORD_TOKEN，但缺少 DISCORD_APPLICATION_ID（Discord 开发者门户 → 你的应用 → General Information → Application ID）。请一并设置后再运行。',
    badDataKey: (p: { problem: string }) => `加密心理咨询内容的数据密钥无法使用：${p.problem}。`,
  },
  en: {
    noTerminal: [
      'No platform token is configured and this is not an interactive terminal, so the local console chat cannot open.',
      'Choose one:',
      '  - run npm start in a terminal to open the local console chat;',
      '  - set TELEGRAM_BOT_TOKEN=<token from @BotFather> and run npm start to connect to Telegram;',
      '  - set DISCORD_TOKEN and DISCORD_APPLICATION_ID (the bot token and application id from the Discord developer portal) and run npm start to connect to Discord;',
      'With both tokens set it connects to both. Tokens can also go into the config file (YIZHAN_CONFIG, default config/default.yaml) as telegram.token and discord.token.',
    ].join('\n'),
    cannotOpenDb: (p: { path: string; reason: string }) =>
      `Cannot create or open the database at ${p.path} (${p.reason}). Set YIZHAN_DB (or database.path in the config file) to a place that can be created and written, for example ./data/yizhan.db.`,
    noApplicationId: 'DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is missing (Discord developer portal → your application → General Information → Application ID). Set both and run again.',
    badDataKey: (p: { problem: string }) => `The data key that seals counselling texts cannot be used: ${p.problem}.`,
  },
});
