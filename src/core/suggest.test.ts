import { describe, expect, it } from 'vitest';
import { roleSet } from './roles.js';
import { createSuggester, MAX_SUGGESTIONS, type Suggest } from './suggest.js';

const ask = { platform: 'discord', userId: '42', kind: 'ticket', command: 'status', given: new Map(), typed: '', now: new Date(0) } as const;

describe('suggestions for an argument', () => {
  const many: Suggest = () => Array.from({ length: 30 }, (_, i) => ({ label: `T-${i}`, value: `T-${i}` }));
  const cases: Suggest = (a) => [{ label: `C-1 · ${a.locale}`, value: 'C-1' }, { label: 'again', value: 'T-0' }];
  const suggest = createSuggester({
    sources: () => [{ ticket: cases }, { ticket: many, member: () => [{ label: 'x', value: '#1' }] }],
    memberOf: (handle) => (handle === 'discord:42' ? 7 : undefined), rolesOf: () => roleSet([]),
    localeOf: (id) => (id === 7 ? 'en' : undefined), defaultLocale: 'zh-CN',
  });

  it('are the features\' in their order, once each, at most 25, in the member\'s language', async () => {
    const got = await suggest(ask);
    expect(got).toHaveLength(MAX_SUGGESTIONS);
    expect(got.slice(0, 3)).toEqual([{ label: 'C-1 · en', value: 'C-1' }, { label: 'again', value: 'T-0' }, { label: 'T-1', value: 'T-1' }]);
    expect(await suggest({ ...ask, kind: 'class' })).toEqual([]); // nobody offers classes here
  });

  it('are nothing for someone the bot does not know', async () => {
    expect(await suggest({ ...ask, userId: '43' })).toEqual([]);
  });
});
