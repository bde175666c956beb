/**
 * The weekly digest as numbers: what a manager's scope raised, acknowledged and resolved in an ISO
 * week, how fast (business minutes on the urgency's SLA clock), and against the week before.
 * The store computes the figures in SQL (DigestSource); this file says what is asked and assembles it.
 */
import type { Scope } from '../identity.js';
import type { Category } from '../model.js';
import type { OutcomeId } from '../outcomes.js';
import type { LoopFigures } from './loop-figures.js';
import type { ScopeFilter } from './scope.js';
import { addWeeks, formatIsoWeek, weekBounds, type IsoWeek, type WeekBounds } from './week.js';

/** A median and 90th percentile always travel with the number of concerns behind them. */
export interface DurationStats {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface SlaShare {
  /** Acknowledged no later than their acknowledge deadline. */
  within: number;
  /** Acknowledged in the week with a deadline (the denominator). */
  of: number;
  /** within / of, 0..1; null when nothing was acknowledged. */
  share: number | null;
}

export interface WeekFigures {
  week: string;
  raised: number;
  acknowledged: number;
  resolved: number;
  /** Not yet resolved or withdrawn at the end of the week (or now, for the running week). */
  open: number;
  withinSla: SlaShare;
  timeToAcknowledge: DurationStats;
  timeToResolve: DurationStats;
}

/** Per category, district, association or team, for the digest week. */
export interface BreakdownRow {
  key: string;
  raised: number;
  acknowledged: number;
  timeToAcknowledge: DurationStats;
}

export interface OldestOpenConcern {
  ref: string;
  teamId: string | null;
  createdAt: Date;
  /** Wall-clock minutes from creation to the end of the week (or now). */
  ageMinutes: number;
  category?: Category;
  /** eviction_risk: the rent demand's date, from which lastDayToPay (eviction.ts) follows. */
  rentDemandDate?: string | null;
}

export interface EscalationCount {
  /** Index into the directory's escalation ladder (0 = first step). */
  step: number;
  count: number;
}

/** Concerns resolved in the digest week, per category and outcome (DESIGN.md outcome ids). */
export interface OutcomeCount {
  category: Category;
  /** Resolutions recorded before outcomes were ids (free text) count as `other`. */
  outcome: OutcomeId;
  count: number;
}

export interface DigestQuery {
  filter: ScopeFilter;
  /** Oldest first; the last one is the digest week. */
  weeks: (WeekBounds & { label: string })[];
  /** Figures "at the end of the week" are taken at min(end, asOf), so the running week is honest. */
  asOf: Date;
  oldestLimit?: number;
}

export interface DigestFigures {
  /** One per query week, same order. Open counts are exact for every week. */
  weeks: WeekFigures[];
  byCategory: BreakdownRow[];
  byDistrict: BreakdownRow[];
  byAssociation: BreakdownRow[];
  byTeam: BreakdownRow[];
  escalations: EscalationCount[];
  oldestOpen: OldestOpenConcern[];
  /** Sorted by category, then by the order of OUTCOME_IDS. */
  outcomes: OutcomeCount[];
  /** Outcomes, reopen rate, feedback and time waiting for the reporter (loop-figures.ts). */
  loop?: LoopFigures;
}

/** The port the store implements (src/store/digest-queries.ts). */
export interface DigestSource {
  figures(query: DigestQuery): Promise<DigestFigures>;
}

export interface DigestReport extends Omit<DigestFigures, 'weeks'> {
  scope: Scope;
  week: IsoWeek;
  start: Date;
  end: Date;
  asOf: Date;
  current: WeekFigures;
  previous: WeekFigures;
  /** The figures of the last TREND_WEEKS weeks, oldest first; the last one is `current`. */
  weeks: WeekFigures[];
  /** The acknowledgement-within-SLA share of the last TREND_WEEKS weeks, oldest first. */
  trend: { week: string; share: number | null; count: number }[];
}

export const TREND_WEEKS = 8;
export const OLDEST_OPEN = 5;
/** Fewer concerns than this and a team is listed, never ranked. */
export const MIN_RANKED = 5;

export function digestQuery(filter: ScopeFilter, week: IsoWeek, timezone: string, asOf: Date): DigestQuery {
  const weeks = [];
  for (let back = TREND_WEEKS - 1; back >= 0; back--) {
    const w = addWeeks(week, -back, timezone);
    weeks.push({ ...weekBounds(w, timezone), label: formatIsoWeek(w) });
  }
  return { filter, weeks, asOf, oldestLimit: OLDEST_OPEN };
}

export async function buildDigestReport(
  source: DigestSource,
  scope: Scope,
  filter: ScopeFilter,
  week: IsoWeek,
  timezone: string,
  now: Date,
): Promise<DigestReport> {
  const query = digestQuery(filter, week, timezone, now);
  const { weeks, ...rest } = await source.figures(query);
  const current = weeks[weeks.length - 1];
  const previous = weeks[weeks.length - 2];
  if (!current || !previous) throw new Error('the digest source returned too few weeks');
  const { start, end } = weekBounds(week, timezone);
  return {
    ...rest,
    scope,
    week,
    start,
    end,
    asOf: now < end ? now : end,
    current,
    previous,
    weeks,
    trend: weeks.map((w) => ({ week: w.week, share: w.withinSla.share, count: w.withinSla.of })),
  };
}
