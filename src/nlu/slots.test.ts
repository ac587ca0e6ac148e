import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractSlots } from './slots/index.js';
import { extractCategory } from './slots/category.js';
import { extractEvent } from './slots/event.js';
import { extractItem } from './slots/item.js';
import { extractService } from './slots/service.js';
import { extractTicketId } from './slots/ticket-id.js';

const ctx = { now: new Date('2026-03-02T10:00:00+08:00'), timezone: 'Asia/Shanghai' };

describe('extractTicketId', () => {
  it.each([
    ['T-12', 'T-12'], ['t12', 'T-12'], ['#12', 'T-12'], ['单号是12', 'T-12'], ['工单12', 'T-12'], ['12号工单', 'T-12'],
    ['我的工单T-12怎么样了', 'T-12'], ['my ticket number is 56', 'T-56'], ['ticket t45', 'T-45'], ['T-007', 'T-7'],
  ])('reads %j as %s', (text, id) => {
    expect(extractTicketId(text)).toBe(id);
  });

  it.each(['t-shirt', 'at 3pm', '12:30', '3号楼502', 'I got 12'])('finds no ticket in %j', (text) => {
    expect(extractTicketId(text)).toBeUndefined();
  });

  it('round-trips any non-negative integer in every written form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (n) => {
        for (const form of [`T-${n}`, `t${n}`, `#${n}`, `工单${n}`, `单号是${n}`, `${n}号工单`, `查一下T-${n}的进度`]) {
          expect(extractTicketId(form)).toBe(`T-${n}`);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('extractItem', () => {
  it.each([
    ['宿舍空调坏了', 'air_conditioner'], ['the AC is broken', 'air_conditioner'], ['热水器没热水了', 'water_heater'],
    ['no hot water', 'water_heater'], ['水龙头关不紧', 'faucet'], ['the tap drips', 'faucet'], ['门锁坏了', 'door_lock'],
    ['路由器一直亮红灯', 'wifi'], ['校园网又断了', 'wifi'], ['灯管一直闪', 'light'], ['插座没电了', 'socket'],
    ['outlet sparks', 'socket'], ['马桶冲不下去', 'toilet'], ['下水道堵了', 'drain'], ['sink is clogged', 'drain'],
    ['窗户关不上', 'window'], ['床板断了', 'bed'], ['桌子腿松了', 'desk'], ['椅子坏了', 'chair'], ['暖气不热', 'heating'],
    ['the radiator is cold', 'heating'], ['洗衣机不转', 'washing_machine'], ['饮水机不出水', 'water_dispenser'],
    ['电梯卡住了', 'elevator'], ['the lift is out of order', 'elevator'], ['风扇不转', 'fan'], ['门禁刷不开', 'access_card'],
    ['图书馆厕所的水龙头关不上', 'faucet'], ['厕所堵了，马桶冲不下去', 'toilet'],
  ])('maps %j to %s', (text, id) => {
    expect(extractItem(text)?.id).toBe(id);
  });

  it('keeps the words the student used', () => {
    expect(extractItem('Building 7 room 215, the water heater is broken')).toEqual({ id: 'water_heater', words: 'water heater' });
  });
});

describe('extractCategory', () => {
  it.each([
    ['食堂饭菜里有头发', 'life_services'], ['宿管阿姨态度太差了', 'service_quality'], ['图书馆座位太少了', 'facilities'],
    ['选课系统老是崩，成绩也登错了', 'academic'], ['希望多办几场实习招聘会', 'career'], ['晚上宿舍楼有陌生人进出', 'safety'],
    ['心理压力太大了，希望学校多关注', 'mental_health'], ['社团活动氛围不太好', 'culture_environment'],
    ['the canteen food is overpriced', 'life_services'], ['the security guard was rude', 'service_quality'],
    ['love the new study room, great job!', 'facilities'], ['more job fairs please', 'career'],
  ])('files %j under %s', (text, category) => {
    expect(extractCategory(text)).toBe(category);
  });

  it('does not guess a category when there is no clue', () => {
    expect(extractCategory('我要投诉')).toBeUndefined();
  });
});

describe('extractService', () => {
  it.each([
    ['预约心理咨询', 'counseling'], ['约个咨询师', 'counseling'], ['book a counsellor', 'counseling'], ['高数答疑', 'tutoring'],
    ['我想book一个tutor', 'tutoring'], ['职业规划咨询', 'career'], ['帮我改简历', 'career'], ['career mentor', 'career'],
    ['订个研讨室', 'study_room'], ['reserve a study room', 'study_room'], ['预约保洁来打扫', 'cleaning'], ['book cleaning', 'cleaning'],
  ])('reads %j as %s', (text, service) => {
    expect(extractService(text)).toBe(service);
  });
});

describe('extractEvent', () => {
  it.each([
    ['报名"迎新晚会"', '迎新晚会'], ['我要报名迎新晚会', '迎新晚会'], ['帮我报名周六的篮球赛', '篮球赛'],
    ['我要参加“校园歌手大赛”', '校园歌手大赛'], ['sign me up for the career fair', 'career fair'],
    ['I want to join the welcome party', 'welcome party'], ['register me for the "Spring Concert"', 'Spring Concert'],
    ['帮我sign up迎新晚会', '迎新晚会'], ['还能报名吗？想参加音乐节', '音乐节'],
  ])('reads %j as %s', (text, event) => {
    expect(extractEvent(text)).toBe(event);
  });

  it.each(['我要报名', 'sign me up', '报名！！！'])('finds no event name in %j', (text) => {
    expect(extractEvent(text)).toBeUndefined();
  });
});

describe('extractSlots', () => {
  it('fills the slots of the intent only, with the contract keys', () => {
    expect(extractSlots('repair.request', '3号楼502空调坏了，明天下午来修', ctx)).toEqual({ building: '3号楼', room: '502', item: 'air_conditioner' });
    expect(extractSlots('booking.create', '明天下午三点预约心理咨询', ctx)).toEqual({ service: 'counseling', time: '2026-03-03T15:00:00+08:00' });
    expect(extractSlots('ticket.status', 'T-12怎么样了', ctx)).toEqual({ ticket_id: 'T-12' });
    expect(extractSlots('complaint.submit', '食堂阿姨态度太差', ctx)).toEqual({ category: 'service_quality', building: '食堂' });
    expect(extractSlots('smalltalk', '3号楼502明天下午三点', ctx)).toEqual({});
  });

  it('never throws on any text for any intent', () => {
    const intents = ['feedback.submit', 'complaint.submit', 'repair.request', 'booking.create', 'booking.cancel', 'ticket.status', 'event.signup'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...intents), fc.string({ unit: 'binary', maxLength: 60 }), (intent, text) => {
        const slots = extractSlots(intent, text, ctx);
        for (const value of Object.values(slots)) expect(typeof value).toBe('string');
      }),
      { numRuns: 150 },
    );
  });
});
