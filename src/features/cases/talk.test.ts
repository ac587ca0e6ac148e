/**
 * /talk (情感倾诉): an anonymous conversation with the counselling centre, relayed both ways under
 * the case's alias. Counsellors answer with /reply, the card's button, or by replying to the
 * relayed message; /talk end or the counsellor closes it. Relay rules as for tickets: a clearly new
 * question is asked about first.
 */
import { describe, expect, it } from 'vitest';
import { press, say, simulate, to } from '../../../test/harness.js';
import { CENTRE, PEOPLE, rows, texts, tmpDb } from './cases.fixtures.js';

const ALIAS = /匿名同学 #[0-9A-F]{4}/;

describe('/talk', () => {
  it('relays both ways under the alias: /reply, the card button, and a reply to the relayed message, in the chat and privately', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...PEOPLE,
      say('li', '/talk'), say('li', '最近总是一个人，不知道跟谁说'),
      say('xu', '/reply C-1 谢谢你愿意说，我是心理中心的老师，一直在。', CENTRE),
      say('li', '嗯，主要是室友都不理我'),
      say('xu', '能说说是从什么时候开始的吗？', 'private', { reply_to: '主要是室友都不理我' }), // a reply to the relayed message (privately: xu is in contact)
      press('li', '回复老师'), say('li', '开学第二周'),
      press('xu', '回复'), say('xu', '我们周四下午见一面好吗？'),
    ], { dbPath });
    expect(r.err).toEqual([]);
    expect(texts(r, 'private:li')).toEqual([
      '好的。你现在发给我的话，会匿名转给心理中心的老师：老师只看到一个代号，看不到你是谁；老师的回复也会通过我转达给你。想结束的时候，发送 /talk end。',
      '已转达给心理老师。',
      '一位心理老师已经在了，接下来会通过我和你聊。',
      '💬 一位心理老师：\n谢谢你愿意说，我是心理中心的老师，一直在。',
      '已转达给心理老师。',
      '💬 一位心理老师：\n能说说是从什么时候开始的吗？',
      '想说什么都可以，我会转达给心理老师：',
      '已转达给心理老师。',
      '💬 一位心理老师：\n我们周四下午见一面好吗？',
    ]);
    expect(texts(r, CENTRE)[0]).toMatch(/^💬 新的匿名倾诉 C-1 · 匿名同学 #[0-9A-F]{4}：\n最近总是一个人，不知道跟谁说$/);
    const xu = texts(r, 'private:xu');
    expect(xu[0]).toMatch(/^💬 C-1 · 匿名同学 #[0-9A-F]{4}：\n嗯，主要是室友都不理我$/);
    expect(xu.filter((t) => /^已转达给 C-1 的匿名同学 #[0-9A-F]{4}。$/.test(t))).toHaveLength(2);
    for (const l of r.out.filter((x) => x.to !== 'private:li')) expect(l.text).not.toContain('李华');
    expect(rows(dbPath, 'select author from case_messages order by id').map((x) => x.author)).toEqual(['student', 'counsellor', 'student', 'counsellor', 'student', 'counsellor']);
    expect(rows(dbPath, 'select status, counsellor_id from cases')).toEqual([{ status: 'in_contact', counsellor_id: 3 }]);
  });

  it('takes a reply to a relayed message in the counselling chat, in English too', async () => {
    const r = await simulate([
      ...PEOPLE,
      say('amy', '/talk I failed two exams and my parents will be so angry'),
      say('xu', 'That sounds heavy. What worries you most?', CENTRE, { reply_to: 'I failed two exams' }),
    ]);
    expect(r.err).toEqual([]);
    expect(texts(r, 'private:amy').slice(1)).toEqual(['A counsellor is with you now and will talk with you through me.', '💬 A counsellor:\nThat sounds heavy. What worries you most?']);
    expect(texts(r, CENTRE).at(-1)).toMatch(/^已转达给 C-1 的匿名同学 #[0-9A-F]{4}。$/);
  });

  it('ends with /talk end: the counsellors are told, nothing more is relayed', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...PEOPLE, say('li', '/talk 我想找人说说话'), say('li', '/talk end'), say('li', '我没事了')], { dbPath });
    expect(texts(r, 'private:li').slice(1)).toEqual(['好的，这次谈话结束了。想再聊的时候，随时发送 /talk。', expect.any(String)]);
    expect(texts(r, CENTRE).at(-1)).toBe('C-1：同学结束了这次谈话。可以用 /note C-1 补充备注。');
    expect(texts(r, CENTRE).join('\n')).not.toContain('我没事了');
    expect(rows(dbPath, 'select status, closed_by from cases')).toEqual([{ status: 'closed', closed_by: 1 }]);
  });

  it('asks before relaying what is clearly something else, keeping the words for either choice', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...PEOPLE, say('amy', '/talk I just feel alone'), say('amy', 'what time does the library close?'), press('amy', 'To the counsellor')], { dbPath });
    expect(to(r, 'private:amy')[1]).toMatchObject({
      text: 'Should I pass this on to the counsellor, or is it something new?\n"what time does the library close?"', buttons: [['To the counsellor', 'Something new']],
    });
    expect(texts(r, 'private:amy').at(-1)).toBe('Passed on to the counsellor.');
    expect(texts(r, CENTRE).at(-1)).toMatch(/^💬 C-1 · 匿名同学 #[0-9A-F]{4}：\nwhat time does the library close\?$/);
    expect(rows(dbPath, 'select data from conversations')).toEqual([{ data: '{"caseId":1}' }]); // the kept words left the dialogue row
  });

  it('after a crisis asks about what is clearly something else before relaying it, and answers it as such', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...PEOPLE, say('li', '我不想活了'), say('li', '食堂几点开门'), press('li', '新的事情')], { dbPath });
    expect(to(r, 'private:li')[1]).toMatchObject({ text: '这条是要转给心理老师，还是一件新的事情？\n“食堂几点开门”', buttons: [['转给心理老师', '新的事情']] });
    expect(texts(r, 'private:li')[2]).not.toMatch(/心理老师/);
    expect(texts(r, CENTRE)).toHaveLength(1); // the alert only
    expect(rows(dbPath, "select count(*) as n from case_messages where author = 'student'")).toEqual([{ n: 1 }]);
  });

  it('is offered for 情感倾诉 in plain words, and resumes an open case', async () => {
    const r = await simulate([...PEOPLE, say('li', '情感倾诉'), press('li', '和老师聊聊（匿名）'), say('li', '就是心里很乱'), say('li', '/repair'), say('li', '/talk')]);
    expect(texts(r, 'private:li')[0]).toMatch(/^可以的。点下面的按钮，你的话会匿名转给心理中心的老师/);
    expect(texts(r, CENTRE)[0]).toMatch(ALIAS);
    expect(texts(r, 'private:li').at(-1)).toBe('你和心理老师的谈话还在继续，直接把想说的发给我就好。想结束的时候，发送 /talk end。');
  });
});
