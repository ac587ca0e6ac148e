/**
 * The fake's parse_mode handling matches Telegram's rules: escaped text always parses back to
 * itself, entities land on UTF-16 offsets, and errors name the byte offset like Telegram does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReplyMarkup, parseText } from './telegram-text.js';
import { TelegramError } from './telegram-types.js';

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeMd = (s: string): string => s.replace(/[_*[\]()~`>#+\-=|{}.!\\]/g, '\\$&');
const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof TelegramError) return e.description;
  }
  return 'no error';
};

describe('parse modes', () => {
  it('escaped text parses back to itself in HTML and MarkdownV2', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(parseText(escapeHtml(s), 'HTML')).toEqual({ text: s, entities: [] });
        expect(parseText(escapeMd(s), 'MarkdownV2')).toEqual({ text: s, entities: [] });
      }),
    );
  });

  it('puts entities on UTF-16 offsets', () => {
    const source = '😀 <b>工单</b> <a href="https://t.me/x">链接</a> <pre><code class="language-ts">x</code></pre>';
    const html = parseText(source, 'HTML');
    expect(html.entities).toEqual([
      { type: 'bold', offset: 3, length: 2 },
      { type: 'text_link', offset: 6, length: 2, url: 'https://t.me/x' },
      { type: 'pre', offset: 9, length: 1, language: 'ts' },
    ]);
    const md = parseText('😀 *粗体* __下划线__ ||剧透|| `code` ```py\nprint()```', 'MarkdownV2');
    expect(md.text).toBe('😀 粗体 下划线 剧透 code print()');
    expect(md.entities.map((e) => [e.type, e.offset, e.length])).toEqual([
      ['bold', 3, 2], ['underline', 6, 3], ['spoiler', 10, 2], ['code', 13, 4], ['pre', 18, 7],
    ]);
  });

  it('names the byte offset of the problem like Telegram', () => {
    expect(errorOf(() => parseText('工单 < 3', 'HTML'))).toBe(`Bad Request: can't parse entities: Unsupported start tag "" at byte offset 7`);
    expect(errorOf(() => parseText('<b>a</i>', 'HTML'))).toBe(
      'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"',
    );
    expect(errorOf(() => parseText('a</b>', 'HTML'))).toBe("Bad Request: can't parse entities: Unexpected end tag at byte offset 1");
    expect(errorOf(() => parseText('*粗体', 'MarkdownV2'))).toBe("Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0");
    expect(errorOf(() => parseText('好!', 'MarkdownV2'))).toMatch(/Character '!' is reserved/);
    expect(errorOf(() => parseText('x', 'markdown2'))).toBe('Bad Request: unsupported parse_mode "markdown2"');
  });
});

describe('inline keyboards', () => {
  it('accepts 1..64-byte callback_data and buttons with an action only', () => {
    const kb = (button: Record<string, unknown>) => ({ inline_keyboard: [[{ text: 'x', ...button }]] });
    expect(errorOf(() => checkReplyMarkup(kb({ callback_data: '投'.repeat(21) })))).toBe('no error'); // 63 bytes
    expect(errorOf(() => checkReplyMarkup(kb({ callback_data: '投'.repeat(22) })))).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect(errorOf(() => checkReplyMarkup(kb({})))).toBe('Bad Request: text buttons are unallowed in the inline keyboard');
    expect(errorOf(() => checkReplyMarkup(kb({ url: 'not a url' })))).toBe('Bad Request: BUTTON_URL_INVALID');
    expect(errorOf(() => checkReplyMarkup({ inline_keyboard: [{ text: 'x' }] }))).toMatch(/Array of Arrays/);
    expect(errorOf(() => checkReplyMarkup({ keyboard: [['是', '否']], one_time_keyboard: true }))).toBe('no error');
  });
});
