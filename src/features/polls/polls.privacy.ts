/**
 * Polls in a person's own data. /mydata: their votes in named polls, the anonymous polls they voted
 * in (not what they chose: a ballot has no member id, and once the poll closed nothing links it to
 * anyone), and the polls they started. /forgetme: their vote in a poll still open is taken back
 * (named or anonymous, found by its token while the key exists), and every named ballot and "has
 * voted" mark goes; a closed poll keeps its frozen counts.
 */
import type { PrivacyHooks } from '../../core/feature.js';
import { dropMemberVotes, namedBallotsOf, startedBy, votedIn, type PollRow } from './polls.repo.js';
import type { PollsService } from './polls.service.js';

const chosen = (poll: PollRow, choices: number) => poll.options.filter((_, i) => choices & (1 << i));
const about = (poll: PollRow) => ({ poll: poll.id, class: poll.groupKey, question: poll.question, open: poll.status === 'open' });

export function pollsPrivacy(polls: PollsService): PrivacyHooks {
  return {
    // created_by: the rep who started a poll; the poll belongs to the class and stays.
    handles: { polls: ['created_by'], poll_ballots: ['member_id'], poll_voters: ['member_id'] },
    exportMine: async (q, memberId) => ({
      polls: {
        named_votes: (await namedBallotsOf(q, memberId)).map(({ poll, choices }) => ({ ...about(poll), chose: chosen(poll, choices) })),
        voted_anonymously: (await votedIn(q, memberId)).filter((p) => p.anonymous).map(about),
        started: (await startedBy(q, memberId)).map((p) => ({ ...about(p), options: p.options, created_at: p.createdAt })),
      },
    }),
    async forget(q, memberId, now) {
      for (const poll of await votedIn(q, memberId)) await polls.withdraw(poll.id, memberId, now);
      await dropMemberVotes(q, memberId);
    },
  };
}
