/**
 * The in-process platform behind the console chat and the simulator. Chat ids are
 * `private:<user>` and `group:<key>`; every sent or edited message is kept so buttons can be
 * pressed by label or number, and handed to `onOutput` to be shown. The simulator also runs one
 * under the name of another platform (`telegram`, `discord`), so one script can be a person on two.
 */
import type { Button, Outgoing, OutgoingFile, Platform, PlatformPort, SentRef } from '../../core/message.js';

export interface LocalMessage {
  chatId: string;
  messageId: string;
  text: string;
  buttons: Button[][];
  /** Buttons the bot took off (a finished step): not shown, but a script can still press them, as a slow client would. */
  spent?: Button[][];
  photos: string[];
  file?: OutgoingFile;
}

export interface LocalPort extends PlatformPort {
  /** The most recent message in `chatId` offering a button labelled `label` (else one whose buttons were taken off). */
  findButton(chatId: string, label: string): { data: string; ref: SentRef } | undefined;
  /** The most recent message in `chatId` that has buttons. */
  lastWithButtons(chatId: string): LocalMessage | undefined;
  /** The bot's most recent message in `chatId`. */
  latest(chatId: string): LocalMessage | undefined;
  /** The bot's most recent message in `chatId` whose text contains `part` (to reply to it). */
  findMessage(chatId: string, part: string): SentRef | undefined;
}

const KEEP_PER_CHAT = 100;
/** The bot's username on the local platform, as in "/start@yizhan_bot". */
export const LOCAL_BOT_USERNAME = 'yizhan_bot';

export function createLocalPort(onOutput: (m: LocalMessage, edit: boolean) => void, platform: Platform = 'local'): LocalPort {
  const byChat = new Map<string, LocalMessage[]>();
  // Message ids stay unique across restarts (cards saved in SQLite point at them); never printed.
  const run = Date.now().toString(36);
  let nextId = 1;

  const refOf = (m: LocalMessage): SentRef => ({ platform, chatId: m.chatId, messageId: m.messageId });

  function history(chatId: string): LocalMessage[] {
    let list = byChat.get(chatId);
    if (!list) byChat.set(chatId, (list = []));
    return list;
  }

  return {
    platform,
    async send(chatId: string, out: Outgoing) {
      const m: LocalMessage = {
        chatId, messageId: `${run}.${nextId++}`, text: out.text, buttons: out.buttons ?? [], photos: out.photos ?? [], ...(out.file ? { file: out.file } : {}),
      };
      const list = history(chatId);
      list.push(m);
      if (list.length > KEEP_PER_CHAT) list.shift();
      onOutput(m, false);
      return refOf(m);
    },
    async edit(ref: SentRef, out: Outgoing) {
      // A message from before a restart is not in memory any more; it is still edited.
      const list = history(ref.chatId);
      let m = list.find((x) => x.messageId === ref.messageId);
      if (!m) list.push((m = { chatId: ref.chatId, messageId: ref.messageId, text: '', buttons: [], photos: [] }));
      if (out.keepText) { // only the buttons change, silently: taking off a finished step's buttons is no new message
        m.spent = [...(m.spent ?? []), ...m.buttons];
        m.buttons = out.buttons ?? [];
        return;
      }
      Object.assign(m, { text: out.text, buttons: out.buttons ?? [], photos: out.photos ?? m.photos });
      onOutput(m, true);
    },
    findButton(chatId, label) {
      const list = history(chatId);
      for (const shown of [true, false]) { // buttons on screen first, then those taken off
        for (let i = list.length - 1; i >= 0; i--) {
          const b = (shown ? list[i]!.buttons : list[i]!.spent ?? []).flat().find((x) => x.label === label);
          if (b) return { data: b.data, ref: refOf(list[i]!) };
        }
      }
      return undefined;
    },
    lastWithButtons(chatId) {
      return [...history(chatId)].reverse().find((m) => m.buttons.length > 0);
    },
    latest(chatId) {
      return history(chatId).at(-1);
    },
    findMessage(chatId, part) {
      const m = [...history(chatId)].reverse().find((x) => x.text.includes(part));
      return m && refOf(m);
    },
  };
}
