import { defineMessages } from './i18n.js';

/** What the outbox itself adds to a message: that a reply comes late. */
export const outboxMessages = defineMessages({
  'zh-CN': {
    late: (p: { at: string }) => `（抱歉，这是对你 ${p.at} 那条消息的回复，因为系统中断现在才送到。）`,
  },
  en: {
    late: (p: { at: string }) => `(Sorry, this answers your message of ${p.at}; it comes late because the bot was interrupted.)`,
  },
});
