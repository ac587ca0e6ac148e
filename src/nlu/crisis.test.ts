import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectCrisis } from './crisis';

/** Messages that must raise an alert, with the minimum level expected. */
const RISK: [string, 'high' | 'medium'][] = [
  ['我不想活了', 'high'],
  ['我 不 想 活 了！！', 'high'],
  ['真的不太想活了', 'high'],
  ['想自杀', 'high'],
  ['我想紫砂', 'high'],
  ['好想自鲨', 'high'],
  ['今晚想跳楼', 'high'],
  ['我又割腕了', 'high'],
  ['刚吃了一整瓶安眠药', 'high'],
  ['我想从宿舍楼顶跳下去', 'high'],
  ['遗书已经写好了', 'high'],
  ['想一了百了', 'high'],
  ['我想结束自己的生命', 'high'],
  ['控制不住想自残', 'high'],
  ['我在天台上，不想下来', 'high'],
  ['有没有不痛的死法', 'high'],
  ['如果我明天不在了，帮我照顾猫', 'high'],
  ['我室友说她想去死', 'high'],
  ['買了炭，今晚就燒', 'high'],
  ['buxianghuole', 'high'],
  ['活着没意思', 'medium'],
  ['撑不下去了', 'medium'],
  ['没有人在乎我', 'medium'],
  ['我就是个累赘，没有我他们会更好', 'medium'],
  ['感觉生无可恋', 'medium'],
  ['人生没有任何意义', 'medium'],
  ['I want to kill myself', 'high'],
  ['i wanna k1ll myself', 'high'],
  ['I want to end my life', 'high'],
  ['I want to die', 'high'],
  ['I want to dieeee', 'high'],
  ['I keep hurting myself', 'high'],
  ['been cutting myself again', 'high'],
  ['I took a whole bottle of sleeping pills', 'high'],
  ['thinking about s*icide', 'high'],
  ['im suicidal', 'high'],
  ['I want to unalive myself', 'high'],
  ['going to jump off the bridge tonight', 'high'],
  ['I wrote a suicide note', 'high'],
  ["I DON'T WANT TO LIVE ANYMORE", 'high'],
  ['there is no point in living', 'medium'],
  ["I can't go on", 'medium'],
  ['everyone would be better off without me', 'medium'],
  ["I'm a burden to everyone", 'medium'],
  ['nobody cares if I die', 'medium'],
  ["I'm so tired of living", 'medium'],
  ['我真的want to die', 'high'],
  ['活着没意思 honestly', 'medium'],
];

/** Hyperbole and look-alikes that must stay silent. */
const HYPERBOLE: string[] = [
  '累死了', '笑死我了', '饿死了', '热死了', '困死了', '烦死了', '气死我了', '吓死我了', '尴尬死了',
  '无聊死了', '紧张死了', '我要被ddl累死了', '笑不活了哈哈哈', '想死你们了！', '冻死了快开暖气',
  '跳楼价甩卖二手书', '手机又死机了', '这题难死了', '今天晒死了', '社死现场', '这次考试要了我的命',
  'this exam is killing me', "I'm dying to see the new movie", "I'm dead 😂", 'kill the lights please',
  'this bug is killing me', 'my feet are killing me', 'that joke killed me 💀', 'I could kill for a burger',
  'I almost died laughing', 'I want to die of embarrassment lol', 'this cake is to die for',
  'my phone is dead', 'the deadline is tomorrow', 'I cut myself shaving', 'kill two birds with one stone',
  "I'm so done with this homework", 'we killed it at the concert', '蚌埠住了', '破防了', '芭比Q了',
];

describe('detectCrisis', () => {
  it.each(RISK)('fires on %j (at least %s)', (text, level) => {
    const verdict = detectCrisis(text);
    expect(verdict.level).not.toBe('none');
    if (level === 'high') expect(verdict.level).toBe('high');
    expect(verdict.cues.length).toBeGreaterThan(0);
  });

  it.each(HYPERBOLE)('stays silent on hyperbole %j', (text) => {
    expect(detectCrisis(text)).toEqual({ level: 'none', cues: [] });
  });

  it('has tables large enough to mean something', () => {
    expect(RISK.length).toBeGreaterThanOrEqual(40);
    expect(HYPERBOLE.length).toBeGreaterThanOrEqual(30);
  });

  it('still fires when hyperbole and a real cue share a message', () => {
    expect(detectCrisis('累死了，真的不想活了').level).toBe('high');
    expect(detectCrisis('this exam is killing me and honestly I want to die').level).toBe('high');
  });

  it('never throws and always returns a known level', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const verdict = detectCrisis(text);
        expect(['high', 'medium', 'none']).toContain(verdict.level);
        expect(verdict.level === 'none').toBe(verdict.cues.length === 0);
      }),
      { numRuns: 300 },
    );
  });
});
