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
    dataKeyRequired: [
      '已设置 DATABASE_URL（PostgreSQL），但没有设置 YIZHAN_DATA_KEY。',
      '在 PostgreSQL 上，同一数据库的所有实例必须用同一把数据密钥加密和读取心理咨询内容，所以密钥只能来自 YIZHAN_DATA_KEY，不会在本机自动生成。',
      '  · 新部署：用 openssl rand -base64 32 生成一把，给每个实例设置同样的值，并在备份之外另存一份；',
      '  · 用 npm run store:copy 从 SQLite 迁移过来的校区：使用原数据库旁密钥文件（<数据库>.key）中的密钥，多把时按文件中的顺序用逗号分隔。',
    ].join('\n'),
    cannotOpenPg: (p: { where: string; reason: string }) =>
      `无法连接或迁移 PostgreSQL 数据库 ${p.where}（${p.reason}）。请检查 DATABASE_URL（主机、端口、用户、密码、数据库名）以及数据库服务器是否已启动并接受连接。`,
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
    dataKeyRequired: [
      'DATABASE_URL is set (PostgreSQL) but YIZHAN_DATA_KEY is not.',
      'On PostgreSQL every instance on the database must seal and read counselling texts with the same data key, so the key comes from YIZHAN_DATA_KEY only and is never made up on this machine.',
      '  - a new deployment: make one with openssl rand -base64 32, give every instance the same value, and keep a copy apart from the backups;',
      '  - a campus moved from SQLite with npm run store:copy: use the keys of the key file beside its database (<database>.key), several separated by commas in the order of the file.',
    ].join('\n'),
    cannotOpenPg: (p: { where: string; reason: string }) =>
      `Cannot connect to or migrate the PostgreSQL database ${p.where} (${p.reason}). Check DATABASE_URL (host, port, user, password, database name) and that the server is up and accepts connections.`,
  },
});
