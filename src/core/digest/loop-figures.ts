/**
 * The digest's figures about closing the loop (issue 16): outcomes per category and team, the
 * reopen rate, the share of reporters who said the resolution helped (with n), and the median
 * time concerns waited for the reporter's answer. Computed in SQL (src/store/loop-queries.ts) for
 * the digest week and scope — a team's, or an association's own concerns.
 */
import type { Directory } from '../directory.js';
import { categoryLabel } from '../i18n.js';
import { outcomeLabel, tl } from '../loop-i18n.js';
import type { MessageBlock } from '../messages.js';
import type { Category, Locale } from '../model.js';
import { formatDuration } from '../time-format.js';
import type { DurationStats } from './report.js';

export interface OutcomeCount {
  category: string;
  teamId: string | null;
  outcome: string;
  count: number;
}

export interface LoopFigures {
  /** Resolutions in the week, by category, team and outcome. */
  outcomes: OutcomeCount[];
  resolved: number;
  /** Reopenings in the week; `rate` = reopened / resolved (null with no resolutions). */
  reopened: number;
  reopenRate: number | null;
  /** The latest feedback of each concern given in the week. */
  helpful: { yes: number; of: number; share: number | null };
  /** Time waiting for the reporter, on the SLA clock, of concerns resolved in the week. */
  waiting: DurationStats;
}

const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)} %`);

/** The digest section; nothing when the week had no resolutions, reopenings or feedback. */
export function loopBlocks(directory: Directory, locale: Locale, loop: LoopFigures | undefined): MessageBlock[] {
  if (!loop || (loop.resolved === 0 && loop.reopened === 0 && loop.helpful.of === 0)) return [];
  const team = (id: string | null) => directory.teams.find((t) => t.id === id)?.name ?? id ?? '—';
  const lines = loop.outcomes.map(
    (o) => `• ${categoryLabel(locale, o.category as Category)} · ${team(o.teamId)} · ${outcomeLabel(locale, o.outcome)}: ${o.count}`,
  );
  const waiting = loop.waiting.medianMinutes === null ? '–' : formatDuration(locale, loop.waiting.medianMinutes);
  lines.push(
    tl(locale, 'digest.reopenRate', { rate: percent(loop.reopenRate), reopened: loop.reopened, resolved: loop.resolved }),
    tl(locale, 'digest.helpful', { share: percent(loop.helpful.share), n: loop.helpful.of }),
    tl(locale, 'digest.waiting', { median: waiting, n: loop.waiting.count }),
  );
  return [{ kind: 'header', text: tl(locale, 'digest.loop') }, { kind: 'text', text: lines.join('\n') }];
}
