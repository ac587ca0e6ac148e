/**
 * Repairs in shared places need a place, not a room (issue 13 point 3): a canteen, a corridor or a
 * street lamp is never asked for a room number; a building with rooms is; what a student writes
 * after /repair is the description, with the place it names.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../../../test/pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../../../test/harness.js';

const people = [person('li', '李华'), person('amy', 'Amy Chen', { locale: 'en' })];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-places-')), 'y.db');
function tickets(dbPath: string): unknown[] {
  const db = openTestDatabase(dbPath, { readonly: true });
  try {
    return db.prepare('select building, room, description from tickets order by id').all();
  } finally {
    db.close();
  }
}
const texts = (r: Awaited<ReturnType<typeof simulate>>, chat: string) => to(r, chat).map((l) => l.text);

const confirmation = (where: string, description: string) => expect.stringMatching(new RegExp(`^请确认要提交的内容：[^]*\n位置：${where}\n描述：${description}\n`));
const ASK_WHERE = '在哪里？宿舍、教室请写楼栋和房间号，例如：3号楼502、东区7栋312；公共场所写地点就行，例如：一食堂、3号楼走廊、东门口';

describe('places without rooms', () => {
  it('a canteen, a corridor and a gate go to the confirmation with no room question, and are stored as told', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people,
      say('li', '食堂的灯坏了'), press('li', '确认提交'),
      say('li', '3号楼三楼走廊的灯坏了'), press('li', '确认提交'),
      say('li', '路灯坏了'), say('li', '东门口'), press('li', '确认提交'),
      say('amy', 'the light in the canteen is broken'), press('amy', 'Submit'),
    ], { dbPath });
    const li = texts(r, 'private:li');
    expect(li.filter((t) => t.startsWith('请确认'))).toEqual([confirmation('食堂', '食堂的灯坏了'), confirmation('3号楼 三楼走廊', '3号楼三楼走廊的灯坏了'), confirmation('东门口', '路灯坏了')]);
    expect(li.filter((t) => t === ASK_WHERE)).toHaveLength(1); // the street lamp: where, once, never which room
    expect(li.concat(texts(r, 'private:amy')).filter((t) => /的哪个房间？|^Which room/u.test(t))).toEqual([]);
    expect(tickets(dbPath)).toEqual([
      { building: '食堂', room: null, description: '食堂的灯坏了' },
      { building: '3号楼', room: '三楼走廊', description: '3号楼三楼走廊的灯坏了' },
      { building: '东门口', room: null, description: '路灯坏了' },
      { building: 'canteen', room: null, description: 'the light in the canteen is broken' },
    ]);
  });

  it('a building with rooms named alone at the place step is asked for its room, a canteen is not', async () => {
    const r = await simulate([...people, say('amy', '/repair'), press('amy', 'Facilities'), say('amy', 'my AC is broken'), say('amy', 'Building 7'), say('amy', '215'), say('li', '/repair'), press('li', '设施设备'), say('li', '灯坏了'), say('li', '二食堂')]);
    expect(texts(r, 'private:amy').slice(-2)).toEqual([
      'Which room in Building 7? For example: 502. For a shared space (corridor, stairs, lobby) just say so.',
      'You can send a photo if it helps (optional), or tap "Skip".',
    ]);
    expect(to(r, 'private:li').at(-1)!.text).toBe('需要的话可以发一张照片（可选），或者点「跳过」。');
  });

  it('"另外3号楼502" is room 502 of 3号楼, and the text after /repair is its description', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, say('li', '另外3号楼502的窗户也坏了'), press('li', '确认提交'), say('li', '/repair 3号楼502 空调坏了'), press('li', '确认提交')], { dbPath });
    expect(texts(r, 'private:li').filter((t) => t.startsWith('请确认'))).toEqual([confirmation('3号楼 502', '另外3号楼502的窗户也坏了'), confirmation('3号楼 502', '3号楼502 空调坏了')]);
    expect(tickets(dbPath)).toEqual([
      { building: '3号楼', room: '502', description: '另外3号楼502的窗户也坏了' },
      { building: '3号楼', room: '502', description: '3号楼502 空调坏了' },
    ]);
  });
});
