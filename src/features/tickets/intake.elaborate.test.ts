/**
 * More words about the same repair typed at the confirmation are added to its description (found
 * walking the console as a new user: they set the draft aside and started a repair without a place).
 * A request that names a place of its own is still a new one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../../../test/pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../../../test/harness.js';

const people = [person('li', '李华'), person('amy', 'Amy Chen', { locale: 'en' })];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-elaborate-')), 'y.db');
function tickets(dbPath: string): { description: string }[] {
  const db = openTestDatabase(dbPath, { readonly: true });
  try {
    return db.prepare('select description from tickets order by id').all() as { description: string }[];
  } finally {
    db.close();
  }
}

describe('more words at the confirmation', () => {
  it('are added to the description in English, the card shown again, and one ticket filed with both', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people,
      say('amy', 'The heater in my dorm is broken'), say('amy', '7号楼 312'),
      say('amy', 'water heater, no hot water since yesterday'), press('amy', 'Submit')], { dbPath });
    const texts = to(r, 'private:amy').map((l) => l.text);
    expect(texts.join('\n')).not.toMatch(/set aside/);
    expect(texts[2]).toMatch(/^Added to the description\.\n\nPlease check what will be sent:[\s\S]*Description: The heater in my dorm is broken\nwater heater, no hot water since yesterday/);
    expect(tickets(dbPath)).toEqual([expect.objectContaining({ description: 'The heater in my dorm is broken\nwater heater, no hot water since yesterday' })]);
  });

  it('in Chinese too; a repair somewhere else typed there is still a new one', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people,
      say('li', '3号楼502热水器坏了'), say('li', '热水器一直漏水，地上都是水'), press('li', '确认提交'),
      say('li', '4号楼201空调坏了'), say('li', '6号楼101的灯也坏了')], { dbPath });
    const texts = to(r, 'private:li').map((l) => l.text);
    expect(texts[1]).toMatch(/^已补充到描述里。\n\n/);
    expect(tickets(dbPath)[0]!.description).toBe('3号楼502热水器坏了\n热水器一直漏水，地上都是水');
    expect(texts.join('\n')).toMatch(/先放下了/);
  });
});
