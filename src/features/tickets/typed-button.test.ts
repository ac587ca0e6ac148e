/**
 * A button's label typed instead of pressed, at the intake's questions: the student meant the
 * button. Found by using the console: "确认提交" typed at the confirmation card was read as a new
 * request for feedback ("提交") and the repair draft was set aside unsubmitted.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryAt } from '../../../test/pg/app-store.js';
import { person, say, simulate, to } from '../../../test/harness.js';
import { labelKey, typedButton } from '../../core/typed-button.js';

const people = [person('li', '李华'), person('amy', 'Amy Chen', { locale: 'en' })];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-typed-')), 'y.db');
const rows = (dbPath: string, sql: string) => queryAt(dbPath, sql);

describe('a button label typed at an intake question', () => {
  it('"确认提交" typed at the card submits the repair, as the button would', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, say('li', '宿舍热水器坏了，我在3号楼201'), say('li', '确认提交')], { dbPath });
    const li = to(r, 'private:li').map((l) => l.text).join('\n');
    expect(li).not.toMatch(/先放下了/);
    expect(li).toMatch(/T-1/);
    expect(rows(dbPath, 'select id, kind, status from tickets')).toEqual([{ id: 1, kind: 'repair', status: 'open' }]);
  });

  it('in English, " submit! " and "make it anonymous" work the same; the other language\'s label too', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...people,
      say('amy', 'the water heater in Building 7 room 215 is broken'), say('amy', 'make it anonymous'), say('amy', ' submit! '),
      say('li', '宿舍热水器坏了，我在3号楼201'), say('li', 'Submit'),
    ], { dbPath });
    expect(to(r, 'private:amy').map((l) => l.text).join('\n')).toMatch(/T-1/);
    expect(rows(dbPath, 'select id, anonymous from tickets order by id')).toEqual([{ id: 1, anonymous: 1 }, { id: 2, anonymous: 0 }]);
  });

  it('part of a label is no press: "确认" at the card asks for the buttons again and files nothing', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, say('li', '宿舍热水器坏了，我在3号楼201'), say('li', '确认')], { dbPath });
    expect(to(r, 'private:li').at(-1)!.text).toMatch(/^请点下面的按钮回答/);
    expect(rows(dbPath, 'select count(*) as n from tickets')).toEqual([{ n: 0 }]);
  });
});

describe('typedButton', () => {
  const b = (label: string, data: string) => ({ label, data });
  it('compares letters only, without case, width or punctuation, and only whole labels', () => {
    expect(labelKey(' Ｓｕｂｍｉｔ！ ')).toBe('submit');
    expect(typedButton('确认提交。', [[b('确认提交', 'x:submit'), b('取消', 'x:abort')]])?.data).toBe('x:submit');
    expect(typedButton('确认', [[b('确认提交', 'x:submit')]])).toBeUndefined();
    expect(typedButton('!!!', [[b('!!!', 'x:y')]])).toBeUndefined();
  });
  it('answers nothing when two different buttons carry the label', () => {
    expect(typedButton('ok', [[b('OK', 'x:a')]], [[b('ok', 'x:b')]])).toBeUndefined();
    expect(typedButton('ok', [[b('OK', 'x:a')]], [[b('ok', 'x:a')]])?.data).toBe('x:a');
  });
});
