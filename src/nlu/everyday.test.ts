/**
 * Everyday campus text is no crisis (issue 14): a classifier-only crisis needs a word a crisis is
 * made of (model-gist.ts) unless the classifier is all but certain, while lexicon crises always win.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decide, MODEL_CRISIS_WITHOUT_GIST, type DecideInput } from './decide.js';
import { analyzeConcern } from './concern.js';
import { EVERYDAY } from './everyday.fixtures.js';
import { createNlu, type Nlu } from './index.js';
import { foldText } from './normalize.js';

const opts = (chat: 'private' | 'group') => ({ chat, now: new Date('2026-03-02T10:00:00+08:00'), timezone: 'Asia/Shanghai' });
let nlu: Nlu;

beforeAll(() => {
  nlu = createNlu();
});

describe('everyday campus messages', () => {
  it('the ones found walking the bot are what they are, not a crisis', () => {
    expect(nlu.understand('走廊灯一直闪', opts('private'))).toMatchObject({ intent: 'repair.request', crisis: 'none' });
    expect(nlu.understand('where\'s the first aid kit in the chem lab', opts('private'))).toMatchObject({ intent: 'faq.ask', crisis: 'none' });
    for (const text of ['整层楼都这样', '有人在踢球']) {
      const r = nlu.understand(text, opts('private'));
      expect(r.intent, text).not.toBe('crisis');
      expect(r.concern, text).toBeUndefined();
    }
  });

  it(`raise no crisis, danger or worry about someone else (${EVERYDAY.length} lines, zh, en and mixed)`, () => {
    expect(EVERYDAY.length).toBeGreaterThanOrEqual(200);
    const alarms = EVERYDAY.flatMap((text) => (['private', 'group'] as const).flatMap((chat) => {
      const r = nlu.understand(text, opts(chat));
      const worrying = r.intent === 'crisis' || r.crisis !== 'none' || (r.concern && r.concern.kind !== 'wellbeing');
      return worrying ? [`${chat}: ${text} → ${r.intent} ${r.concern?.kind ?? ''}`] : [];
    }));
    expect(alarms).toEqual([]);
  });
});

describe('a crisis only the classifier sees', () => {
  const input = (text: string, crisis: number): DecideInput => ({
    folded: foldText(text), analysis: analyzeConcern(text), privacy: undefined, chitchat: undefined, chat: 'private', threshold: 0.45,
    scores: [{ intent: 'crisis', confidence: crisis }, { intent: 'repair.request', confidence: 1 - crisis }],
  });

  it('needs a word a crisis is made of, unless the classifier is all but certain', () => {
    expect(decide(input('整层楼都这样', 0.9)).intent).toBe('repair.request');
    expect(decide(input('算了', 0.84)).intent).toBe('repair.request');
    expect(decide(input('整层楼都这样', MODEL_CRISIS_WITHOUT_GIST))).toMatchObject({ intent: 'crisis', crisis: 'medium' });
    expect(decide(input('准备好了，就等今晚', 0.5)).intent).toBe('crisis');
    expect(decide(input('I think I am ready to stop being here', 0.45)).intent).toBe('crisis');
  });

  it('safety equipment is no such word: a question about it goes where the classifier sends it next', () => {
    expect(decide(input('实验室的灭火器放在哪里', 0.6)).intent).toBe('repair.request');
    expect(decide(input("where's the fire extinguisher in the lab", 0.89)).intent).toBe('repair.request');
    expect(decide(input('the lab is on fire', 0.6)).intent).toBe('crisis');
  });

  it('never silences a crisis the lexicon found, however everyday the rest', () => {
    expect(nlu.understand('走廊灯一直闪，我真的不想活了', opts('private'))).toMatchObject({ intent: 'crisis', crisis: 'high' });
  });
});
