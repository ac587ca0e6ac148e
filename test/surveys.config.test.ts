import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, loadConfig } from '../src/config.js';
import { WEEKLY } from './survey-fixtures.js';

/** A config folder: the demo campus plus these survey files. */
function campusWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-surveys-'));
  copyFileSync('config/default.yaml', join(dir, 'default.yaml'));
  mkdirSync(join(dir, 'surveys'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, 'surveys', name), typeof body === 'string' ? body : stringify(body));
  return join(dir, 'default.yaml');
}

function problemsOf(file: string): { file: string; problems: string[] } {
  try {
    loadConfig(file, {});
  } catch (e) {
    if (e instanceof ConfigError) return { file: e.file, problems: e.problems };
    throw e;
  }
  return { file: '', problems: [] };
}

describe('survey definitions in config/surveys', () => {
  it('ships a bilingual semester satisfaction survey covering the six areas, NPS and a text question', () => {
    const [s] = loadConfig('config/default.yaml', {}).surveys;
    expect(s!.id).toBe('semester-satisfaction');
    expect(s!.questions.map((q) => `${q.id}:${q.type}`)).toEqual([
      'academic:rating', 'mental_health:rating', 'life_services:rating', 'career:rating', 'dorm:rating', 'culture:rating',
      'priorities:multi', 'nps:nps', 'comment:text',
    ]);
    const texts = [s!.title, s!.intro!, ...s!.questions.flatMap((q) => [q.text, ...(q.options ?? []).map((o) => o.text)])];
    for (const t of texts) expect(t['zh-CN']).not.toBe(t.en);
    expect(s!.anonymous).toBe(true);
  });

  it('names the file and the key of every problem', () => {
    const bad = {
      ...WEEKLY,
      audience: 'everyone',
      schedule: '0 9 * *',
      questions: [{ ...WEEKLY.questions[0], options: undefined }, { id: 'x', type: 'slider', text: { 'zh-CN': '题' } }],
      colour: 'red',
    };
    const r = problemsOf(campusWith({ 'a-good.yaml': WEEKLY, 'b-bad.yaml': bad }));
    expect(r.file).toMatch(/surveys\/b-bad\.yaml$/);
    expect(r.problems).toEqual(expect.arrayContaining([
      '(top level): unknown key "colour"',
      'audience: write students, all, building:<name>, group:<class key> or role:<rep|staff|lead|admin>',
      'schedule: use 5 fields: minute hour day-of-month month weekday, e.g. "0 10 * * 1"',
      'questions.0.options: a choice question needs 2 to 10 options',
      expect.stringMatching(/^questions\.1\.type: Invalid option: expected one of "rating"\|"nps"\|"choice"\|"multi"\|"text"/),
      'questions.1.text.en: is missing (expected string)',
    ]));
  });

  it('checks reminders against the open window once the rest is right', () => {
    const r = problemsOf(campusWith({ 'w.yaml': { ...WEEKLY, reminders: { after: ['3d'], before_close: ['90m'] } } }));
    expect(r.problems).toEqual(['reminders.after.0: must be shorter than open_for (3d)']);
  });

  it('refuses a file that is not YAML, and the same id twice', () => {
    expect(problemsOf(campusWith({ 'x.yaml': 'id: [unclosed' })).problems[0]).toMatch(/^is not valid YAML/);
    const dup = problemsOf(campusWith({ 'a.yaml': WEEKLY, 'b.yml': WEEKLY }));
    expect(dup.problems).toEqual(['id: survey "weekly" is defined twice']);
  });

  it('loads the surveys next to the config file, so --config brings its own', () => {
    const c = loadConfig(campusWith({ 'weekly.yaml': WEEKLY }), {});
    expect(c.surveys.map((s) => [s.id, s.open_for, s.anonymous])).toEqual([['weekly', '3d', true]]);
  });
});
