import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createNlu, extractSlots, type Nlu, type NluResult } from './index.js';
import { CHITCHAT, COUNSELLING_BOOKING, DANGER, HARD_NEGATIVE, HYPERBOLE, NOT_SELF, OTHER, PRIVACY, RISK, WELLBEING } from './crisis.fixtures.js';
import { loadExamples } from './examples.js';
import { PRIVACY_PLAIN } from './privacy.fixtures.js';
import { extractFeatures } from './features.js';

const opts = (chat: 'private' | 'group') => ({ chat, now: new Date('2026-03-02T10:00:00+08:00'), timezone: 'Asia/Shanghai' });
let nlu: Nlu;

beforeAll(() => {
  nlu = createNlu();
});

const SENTENCES = [
  '3号楼502空调坏了', '明天下午三点预约心理咨询', '我想book一个tutor', 'T-12怎么样了', '最近有什么活动', '帮我报名迎新晚会',
  '开个投票选班服', '你能做什么', '你好', '今晚吃啥', 'vote for me in the game lol', 'cancel my tutoring tomorrow',
  '我要投诉食堂', '建议图书馆延长开放时间', '想匿名找人聊聊', '图书馆几点关门', 'asdf', '嗯', '？', 'ok',
];

describe('createNlu', () => {
  it('tunes a stricter threshold for groups than for private chats', () => {
    expect(nlu.thresholds.private).toBeGreaterThan(0);
    expect(nlu.thresholds.group).toBeGreaterThan(nlu.thresholds.private);
    expect(nlu.thresholds.group).toBeLessThan(1);
  });

  it('understands a repair request with its slots', () => {
    expect(nlu.understand('3号楼502的空调坏了，麻烦派人修一下', opts('private'))).toMatchObject({
      intent: 'repair.request', crisis: 'none', slots: { building: '3号楼', room: '502', item: 'air_conditioner' },
    });
  });

  it('understands a booking with a service and a time', () => {
    expect(nlu.understand('明天下午三点能约个心理咨询吗', opts('private'))).toMatchObject({
      intent: 'booking.create', slots: { service: 'counseling', time: '2026-03-03T15:00:00+08:00' },
    });
  });

  it('understands traditional characters too', () => {
    expect(nlu.understand('預約心理諮詢，明天下午三點', opts('private'))).toMatchObject({
      intent: 'booking.create', slots: { service: 'counseling', time: '2026-03-03T15:00:00+08:00' },
    });
    expect(nlu.understand('宿舍報修：冷氣壞了', opts('group'))).toMatchObject({ intent: 'repair.request', slots: { item: 'air_conditioner' } });
  });

  it('puts a crisis first in any chat, with high confidence', () => {
    for (const chat of ['private', 'group'] as const) {
      const r = nlu.understand('我真的不想活了', opts(chat));
      expect(r).toMatchObject({ intent: 'crisis', crisis: 'high' });
      expect(r.confidence).toBeGreaterThanOrEqual(0.9);
    }
    expect(nlu.understand('everyone would be better off without me', opts('group'))).toMatchObject({ intent: 'crisis', crisis: 'medium' });
  });

  it.each(['累死了', '笑死我了', 'this exam is killing me', "I'm dead 😂", '饿死了，谁有零食'])('keeps hyperbole %j out of crisis', (text) => {
    for (const chat of ['private', 'group'] as const) {
      const r = nlu.understand(text, opts(chat));
      expect(r.intent).not.toBe('crisis');
      expect(r.crisis).toBe('none');
    }
  });

  it('rejects an unknown time zone whatever the text', () => {
    expect(() => nlu.understand('你好', { ...opts('private'), timezone: 'Mars/Olympus' })).toThrow(RangeError);
  });

  it('answers empty text with none', () => {
    expect(nlu.understand('   ', opts('private'))).toEqual({ intent: 'none', confidence: 1, slots: {}, alternatives: [], crisis: 'none' });
  });

  const checkRule = (text: string) => {
    const priv = nlu.understand(text, opts('private'));
    const group = nlu.understand(text, opts('group'));
    const wellFormed = (r: NluResult) => {
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      expect(r.alternatives.length).toBeLessThanOrEqual(3);
      expect(r.alternatives.map((a) => a.intent)).not.toContain('none');
      expect(r.crisis !== 'none').toBe(r.concern?.kind === 'self');
      if (r.intent === 'crisis') expect(['self', 'other', 'danger']).toContain(r.concern?.kind);
    };
    wellFormed(priv);
    wellFormed(group);
    if (group.intent !== 'crisis' && group.intent !== 'none') expect(group.confidence).toBeGreaterThanOrEqual(nlu.thresholds.group);
    // Only a private chat turns a worry into the anonymous counsellor's offer; otherwise both chats agree above the group threshold.
    const privateWorry = priv.intent === 'support.anonymous' && ['wellbeing', 'other'].includes(priv.concern?.kind ?? '');
    if (group.intent !== 'crisis' && group.confidence >= nlu.thresholds.group && !privateWorry) expect(group.intent).toBe(priv.intent);
    if (priv.intent !== 'crisis' && priv.intent !== 'none') expect(priv.alternatives[0]?.intent).toBe(priv.intent);
  };

  it.each(SENTENCES)('follows the documented threshold rule for %j', (text) => checkRule(text));

  it('follows the documented threshold rule for any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (text) => checkRule(text)), { numRuns: 150 });
  });
});

describe('slots read lazily', () => {
  it('are those of the returned intent, extracted once however often read', () => {
    const r = nlu.understand('3号楼502空调坏了', opts('private'));
    expect(r.intent).toBe('repair.request');
    const first = r.slots;
    expect(first).toEqual(extractSlots('repair.request', '3号楼502空调坏了', opts('private')));
    expect(r.slots).toBe(first);
    expect({ ...r }.slots).toBe(first);
  });
});

describe('Han n-gram features', () => {
  it('count characters, not UTF-16 units, also outside the BMP', () => {
    expect([...extractFeatures('宿舍好').keys()]).toEqual(['h:宿', 'h:舍', 'h:好', 'h:宿舍', 'h:舍好', 'h:宿舍好', 'h:^宿', 'h:好$']);
    expect([...extractFeatures('𠀀𠀁好').keys()]).toEqual(['h:𠀀', 'h:𠀁', 'h:好', 'h:𠀀𠀁', 'h:𠀁好', 'h:𠀀𠀁好', 'h:^𠀀', 'h:好$']);
  });
});

describe('who is at risk, and of what (issue 14)', () => {
  const understand = (text: string, chat: 'private' | 'group' = 'private') => nlu.understand(text, opts(chat));

  it('never loses a crisis it found before: every crisis example and fixture is still intent `crisis`', () => {
    const examples = [...loadExamples('train'), ...loadExamples('dev')].filter((e) => e.intent === 'crisis').map((e) => e.text);
    for (const text of [...examples, ...RISK.map(([t]) => t)]) expect(understand(text).intent, text).toBe('crisis');
  });

  it.each(OTHER)('alerts on a friend at risk without making it the sender’s crisis: %j', (text) => {
    for (const chat of ['private', 'group'] as const) {
      expect(understand(text, chat)).toMatchObject({ intent: 'crisis', crisis: 'none', concern: { kind: 'other' } });
    }
  });

  it.each(DANGER)('reads danger to people as urgent, never as a repair or the sender’s crisis: %j', (text) => {
    for (const chat of ['private', 'group'] as const) {
      const r = understand(text, chat);
      expect(r).toMatchObject({ intent: 'crisis', crisis: 'none', concern: { kind: 'danger' } });
      expect(r.confidence).toBeGreaterThanOrEqual(0.9);
    }
  });

  it.each(WELLBEING)('offers the counsellor for wellbeing in private, never a repair or silence: %j', (text) => {
    expect(understand(text)).toMatchObject({ intent: 'support.anonymous', crisis: 'none', concern: { kind: 'wellbeing', level: 'low' } });
    expect(understand(text, 'group').intent).not.toMatch(/repair|crisis/);
  });

  it.each(NOT_SELF)('reads a denial or a story as no crisis of the sender: %j', (text, kind) => {
    const r = understand(text);
    expect(r.intent).toBe(kind === 'wellbeing' ? 'support.anonymous' : 'none');
    expect(r.crisis).toBe('none');
  });

  it('keeps a message that is a clear request when it also mentions a worry', () => {
    expect(understand('宿舍楼下KTV太吵了，我每天晚上都睡不着，要投诉')).toMatchObject({ intent: 'complaint.submit', concern: { kind: 'wellbeing' } });
    expect(understand('空调坏了，热得整晚睡不着，3号楼502')).toMatchObject({ intent: 'repair.request', concern: { kind: 'wellbeing' } });
  });

  it('keeps knives in the kitchen and fire alarms out of crisis: the classifier learnt danger words too', () => {
    for (const text of ['帮我拿把水果刀削苹果', '嗓子辣到着火了', 'can I borrow a knife to cut the cake']) expect(understand(text).intent, text).not.toBe('crisis');
    for (const text of ['the fire alarm is broken', '火灾报警器一直响', '宿舍的烟雾报警器坏了']) expect(understand(text).intent, text).toBe('repair.request');
  });

  it('tells talking to a counsellor now from booking one: a booking word decides', () => {
    for (const text of ['I want to talk to a counsellor', '我想找心理老师聊聊', 'can I chat with a counselor', '想和咨询师聊聊']) {
      expect(understand(text).intent, text).toBe('support.anonymous');
    }
  });

  it.each(COUNSELLING_BOOKING)('books the counselling service: %j', (text) => {
    expect(understand(text)).toMatchObject({ intent: 'booking.create', slots: { service: 'counseling' } });
  });

  it.each([...PRIVACY, ...PRIVACY_PLAIN].filter(([, kind]) => kind))('hears a request about the sender’s own data, with no ticket or booking to offer: %j', (text, kind) => {
    const r = understand(text);
    expect(r).toMatchObject({ intent: 'none', privacy: kind, alternatives: [] });
  });

  it.each(CHITCHAT)('marks chit-chat (%j, %s) so the app answers it as small talk, in the contract as none or smalltalk', (text, kind) => {
    const r = understand(text);
    expect(r.chitchat).toBe(kind);
    expect(['none', 'smalltalk']).toContain(r.intent);
    expect(r.concern).toBeUndefined();
  });

  it.each(HARD_NEGATIVE)('keeps everyday knives, bridges, farewells and giveaways out of crisis, in the lexicon and the classifier: %j', (text) => {
    const r = understand(text);
    expect(r.intent).not.toBe('crisis');
    expect(r.concern).toBeUndefined();
  });

  it.each(HYPERBOLE)('keeps hyperbole free of any concern, wellbeing included: %j', (text) => {
    expect(understand(text).concern).toBeUndefined();
  });
});
