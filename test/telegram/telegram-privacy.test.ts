/**
 * /mydata and /forgetme on Telegram through the fake Bot API: the export arrives as a JSON document,
 * and after the erasure the Telegram user's first name, username and numeric id are nowhere in the
 * database — not in the inbox that stored their updates, not in the WAL — nor in the debug log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { user } from '../fakes/telegram-api.js';
import { rowsByTable, storedBytes } from '../pg/app-store.js';
import { telegramHarness, type TelegramHarness } from './harness.js';

let t: TelegramHarness;
afterEach(async () => {
  await t?.stop();
});

const student = user({ id: 734_912_588, first_name: 'Xiaoyu', last_name: 'Testname', username: 'xiaoyu_tg77', language_code: 'en' });
const TRACES = ['Xiaoyu', 'Testname', 'xiaoyu_tg77', '734912588'];

describe('your data on Telegram', () => {
  it('sends /mydata as a JSON document, and after /forgetme keeps no trace of the Telegram user', async () => {
    t = await telegramHarness(); // its log is at debug level
    t.userSends({ from: student, text: '/start' });
    t.userSends({ from: student, text: '/repair Building 3 room 502 the heater is broken' });
    await t.settle();
    t.userSends({ from: student, text: '/mydata' });
    const doc = await t.waitFor((r) => r.method === 'sendDocument', 10_000);
    expect(doc.document!.filename).toBe('yizhan-mydata.json');
    expect(JSON.parse(doc.document!.content)).toMatchObject({ accounts: [{ platform: 'telegram', platform_user_id: String(student.id), username: 'xiaoyu_tg77' }] });

    t.userSends({ from: student, text: '/cancel' }); // leaves the repair dialogue (where words answer its question)
    t.userSends({ from: student, text: 'please delete my data' });
    await t.settle();
    expect(t.textsTo(student.id).at(-1)).toMatch(/^⚠️ Do you really want me to erase your data\?/);
    t.press({ from: student, label: 'Erase my data' });
    await t.settle();
    expect(t.textsTo(student.id).at(-1)).toMatch(/^✅ Done\./);

    for (const [table, list] of rowsByTable(t.dbPath)) {
      const rows = JSON.stringify(list);
      for (const trace of TRACES) expect(rows, `${trace} in ${table}`).not.toContain(trace);
    }
    for (const [where, bytes] of Object.entries(storedBytes(t.dbPath))) {
      for (const trace of TRACES) expect(bytes.indexOf(Buffer.from(trace)), `${trace} in ${where}`).toBe(-1);
    }
    const log = JSON.stringify(t.logs);
    for (const trace of TRACES) expect(log, `${trace} in the log`).not.toContain(trace);
  }, 60_000);
});
