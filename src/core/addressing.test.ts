import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aimedElsewhere, isForBot, parseCommand } from './addressing.js';
import type { Incoming } from './message.js';

const group = (text: string, extra: Partial<Incoming> = {}): Incoming => ({
  chat: { platform: 'telegram', id: '-100', kind: 'group' }, sender: { id: '1', name: 'a' }, text, ...extra,
});

describe('addressing', () => {
  it('parses commands with arguments, @bot suffixes and the full-width slash', () => {
    expect(parseCommand('/start')).toEqual({ name: 'start', args: '' });
    expect(parseCommand('  /Grant staff logistics @wang ')).toEqual({ name: 'grant', args: 'staff logistics @wang' });
    expect(parseCommand('/help@yizhan_bot')).toEqual({ name: 'help', args: '', target: 'yizhan_bot' });
    expect(parseCommand('／帮助')).toBeUndefined();
    expect(parseCommand('／lang en')).toEqual({ name: 'lang', args: 'en' });
    expect(parseCommand('/reply T-1 明天\n上午')).toEqual({ name: 'reply', args: 'T-1 明天\n上午' });
    expect(parseCommand('a /start')).toBeUndefined();
    expect(parseCommand('/ start')).toBeUndefined();
  });

  it('never throws on any text and only yields lowercase ASCII command names', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
      const c = parseCommand(text);
      if (c) expect(c.name).toMatch(/^[a-z][a-z0-9_]*$/);
    }), { numRuns: 2000 });
  });

  it('addresses only commands, mentions, replies and presses in groups, and everything in private', () => {
    expect(isForBot(group('今天吃什么'))).toBe(false);
    expect(isForBot(group('/help'))).toBe(true);
    expect(isForBot(group('/help@other_bot'), 'yizhan_bot')).toBe(false);
    expect(isForBot(group('/help@Yizhan_Bot'), 'yizhan_bot')).toBe(true);
    expect(isForBot(group('hi', { mentioned: true }))).toBe(true);
    expect(isForBot(group('ok', { replyToBot: true }))).toBe(true);
    expect(isForBot(group('', { press: 'members:lang:en' }))).toBe(true);
    expect(isForBot({ ...group('随便聊聊'), chat: { platform: 'local', id: 'private:a', kind: 'private' } })).toBe(true);
    expect(isForBot({ ...group('/start@other_bot'), chat: { platform: 'local', id: 'private:a', kind: 'private' } }, 'yizhan_bot')).toBe(false);
    expect(aimedElsewhere({ name: 'x', args: '' }, 'yizhan_bot')).toBe(false);
  });
});
