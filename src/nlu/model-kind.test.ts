import { describe, expect, it } from 'vitest';
import type { Scored } from './classifier.js';
import { analyzeConcern } from './concern.js';
import { decide } from './decide.js';
import { modelCrisisKind } from './model-kind.js';
import { foldText } from './normalize.js';

/** A ranking where the classifier alone is sure of a crisis. */
const SURE: Scored[] = [{ intent: 'crisis', confidence: 0.9 }, { intent: 'none', confidence: 0.1 }];
const decided = (text: string) => decide({ folded: foldText(text), analysis: analyzeConcern(text), privacy: undefined, chitchat: undefined, scores: SURE, chat: 'private', threshold: 0.4 });

describe('modelCrisisKind: whose a crisis only the classifier saw is', () => {
  it.each([
    '我室友这几天很不对劲，一直在交代后事', '我发现舍友偷偷在整理遗物一样的东西', 'how do I help my friend, she has been giving her things away',
    'my roommate keeps saying she will not be a problem for anyone much longer', '我好担心闺蜜，她最近总说很快就解脱了',
    "my roommate just texted me 'tell my mom I'm sorry'", '我 roommate 说她 wants to jump', 'a girl in my dorm keeps saying nobody will notice when she is gone',
  ])('someone else’s when the sender is only their friend, the one told or the one asking: %j', (text) => {
    expect(modelCrisisKind(foldText(text))).toBe('other');
  });

  it.each([
    '宿舍楼下好多人在围殴一个同学', 'some guys are chasing a student with sticks near the dorms', '有人把宿舍的门撞开了，手里拿着东西',
    '有人在砸门，说要进来弄死她', 'a few guys are dragging a student behind the building',
  ])(
    'danger when it speaks of violence, fire or an accident and not of hurting oneself: %j', (text) => {
      expect(modelCrisisKind(foldText(text))).toBe('danger');
    },
  );

  it.each(['最近很不对劲，一直在交代后事', '男朋友出轨了，我觉得人生没盼头', 'I will not be a problem for anyone much longer', '跟室友吵完架，我只想一个人去很远的地方不回来'])(
    'the sender’s otherwise, also when a friend is mentioned beside the sender: %j', (text) => {
      expect(modelCrisisKind(foldText(text))).toBe('self');
    },
  );

  it.each(['男朋友出轨了，觉得人生没盼头', '被室友孤立了一整个学期，觉得活着没什么意义', 'my gf dumped me and honestly nothing matters anymore', '她走了以后日子就没意义了'])(
    'the sender’s when something befell them through the other person, though Chinese leaves the subject out: %j', (text) => {
      expect(modelCrisisKind(foldText(text))).toBe('self');
    },
  );

  it.each(['抽完最后一根烟就走', '刀放在枕头底下，今晚就结束', '好想被车撞上，就不用去上课了'])(
    'never danger when the words could be the sender’s farewell, wish or harm: %j', (text) => {
      expect(modelCrisisKind(foldText(text))).toBe('self');
    },
  );

  it('makes a classifier-only crisis the sender’s (crisis medium) only when it is theirs', () => {
    expect(decided('最近很不对劲，一直在交代后事')).toMatchObject({ intent: 'crisis', crisis: 'medium', modelCrisis: true, modelKind: 'self' });
    expect(decided('我室友这几天很不对劲，一直在交代后事')).toMatchObject({ intent: 'crisis', crisis: 'none', modelCrisis: true, modelKind: 'other' });
    expect(decided('宿舍楼下好多人在围殴一个同学')).toMatchObject({ intent: 'crisis', crisis: 'none', modelKind: 'danger' });
  });
});
