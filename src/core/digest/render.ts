/**
 * The weekly digest as a NeutralMessage, in the manager's language. Honest for small numbers:
 * every median and percentile shows the count behind it, and teams with fewer than MIN_RANKED
 * acknowledged concerns are listed, never ranked.
 */
import { loopBlocks } from './loop-figures.js';
import { districtName, organizationName, teamName } from '../context.js';
import { MIN_RANKED, type BreakdownRow, type DigestReport, type DurationStats, type WeekFigures } from './report.js';
import { dayRangeText, dt } from './i18n.js';
import { scopeName } from './scope.js';
import { weekDays } from './week.js';
import type { Directory } from '../directory.js';
import { categoryLabel, t } from '../i18n.js';
import type { MessageBlock, NeutralMessage } from '../messages.js';
import type { Category, Locale } from '../model.js';
import { formatDuration } from '../time-format.js';
import { formatLastDay, lastDayToPay } from '../eviction.js';

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
const NO_DATA = '·';
const MINUS = '−';

/** One character per week: ▁ (0 %) … █ (100 %), · for a week with nothing acknowledged. */
export function trendBars(shares: readonly (number | null)[]): string {
  return shares
    .map((share) => (share === null ? NO_DATA : BARS[Math.min(BARS.length - 1, Math.max(0, Math.round(share * (BARS.length - 1))))]))
    .join('');
}

const percent = (share: number) => Math.round(share * 100);

const signed = (value: number, show: (magnitude: number) => string) =>
  `${value > 0 ? '+' : value < 0 ? MINUS : '±'}${show(Math.abs(value))}`;

function durationText(locale: Locale, stats: DurationStats): string {
  if (stats.count === 0 || stats.medianMinutes === null) return dt(locale, 'digest.none');
  const median = formatDuration(locale, stats.medianMinutes);
  if (stats.p90Minutes === null) return dt(locale, 'digest.median', { median, n: stats.count });
  return dt(locale, 'digest.medianP90', { median, p90: formatDuration(locale, stats.p90Minutes), n: stats.count });
}

function countChange(locale: Locale, now: number, before: number): string {
  const diff = now - before;
  return diff === 0 ? dt(locale, 'digest.unchanged') : dt(locale, 'digest.change', { change: signed(diff, String) });
}

function withChange(value: string, change: string | null): string {
  return change ? `${value} · ${change}` : value;
}

function headline(locale: Locale, current: WeekFigures, previous: WeekFigures): MessageBlock {
  const count = (now: number, before: number) => withChange(String(now), countChange(locale, now, before));
  const share = current.withinSla.share;
  const before = previous.withinSla.share;
  let shareText = dt(locale, 'digest.none');
  if (share !== null) {
    shareText = dt(locale, 'digest.share', { percent: percent(share), within: current.withinSla.within, of: current.withinSla.of });
    if (before !== null) {
      const points = percent(share) - percent(before);
      shareText = withChange(shareText, points === 0 ? dt(locale, 'digest.unchanged') : dt(locale, 'digest.changePoints', { change: signed(points, String) }));
    }
  }
  const duration = (now: DurationStats, then: DurationStats) => {
    const text = durationText(locale, now);
    if (now.medianMinutes === null || then.medianMinutes === null) return text;
    const diff = Math.round(now.medianMinutes) - Math.round(then.medianMinutes);
    return withChange(text, diff === 0 ? dt(locale, 'digest.unchanged') : dt(locale, 'digest.change', { change: signed(diff, (m) => formatDuration(locale, m)) }));
  };
  return {
    kind: 'fields',
    fields: [
      { label: dt(locale, 'digest.raised'), value: count(current.raised, previous.raised) },
      { label: dt(locale, 'digest.acknowledged'), value: count(current.acknowledged, previous.acknowledged) },
      { label: dt(locale, 'digest.resolved'), value: count(current.resolved, previous.resolved) },
      { label: dt(locale, 'digest.open'), value: count(current.open, previous.open) },
      { label: dt(locale, 'digest.withinSla'), value: shareText },
      { label: dt(locale, 'digest.timeToAcknowledge'), value: duration(current.timeToAcknowledge, previous.timeToAcknowledge) },
      { label: dt(locale, 'digest.timeToResolve'), value: duration(current.timeToResolve, previous.timeToResolve) },
    ],
  };
}

type Dimension = 'category' | 'district' | 'association' | 'team';

function keyName(directory: Directory, locale: Locale, dimension: Dimension, key: string): string {
  switch (dimension) {
    case 'category':
      return categoryLabel(locale, key as Category);
    case 'district':
      return districtName(directory, key);
    case 'association':
      return organizationName(directory, key);
    case 'team':
      return key === '' ? dt(locale, 'digest.notRouted') : teamName(directory, key);
  }
}

function medianText(locale: Locale, stats: DurationStats): string {
  if (stats.count === 0 || stats.medianMinutes === null) return dt(locale, 'digest.none');
  return dt(locale, 'digest.median', { median: formatDuration(locale, stats.medianMinutes), n: stats.count });
}

function breakdown(directory: Directory, locale: Locale, dimension: Exclude<Dimension, 'team'>, rows: BreakdownRow[]): MessageBlock[] {
  if (rows.length === 0) return [];
  const title = { category: 'digest.byCategory', district: 'digest.byDistrict', association: 'digest.byAssociation' } as const;
  const lines = rows.map(
    (r) =>
      `• ${dt(locale, 'digest.row', {
        name: keyName(directory, locale, dimension, r.key),
        raised: r.raised,
        acknowledged: r.acknowledged,
        time: medianText(locale, r.timeToAcknowledge),
      })}`,
  );
  return [{ kind: 'header', text: dt(locale, title[dimension]) }, { kind: 'text', text: lines.join('\n') }];
}

/** Ranked by median time to acknowledge, but only teams with enough concerns to compare. */
function teamRanking(directory: Directory, locale: Locale, rows: BreakdownRow[]): MessageBlock[] {
  if (rows.length < 2) return [];
  const name = (r: BreakdownRow) => keyName(directory, locale, 'team', r.key);
  const ranked = rows
    .filter((r) => r.timeToAcknowledge.count >= MIN_RANKED && r.timeToAcknowledge.medianMinutes !== null)
    .sort((a, b) => (a.timeToAcknowledge.medianMinutes ?? 0) - (b.timeToAcknowledge.medianMinutes ?? 0) || name(a).localeCompare(name(b)));
  const unranked = rows.filter((r) => !ranked.includes(r)).map(name).sort((a, b) => a.localeCompare(b));
  const lines = ranked.map((r, index) => dt(locale, 'digest.rankedRow', { rank: index + 1, name: name(r), time: medianText(locale, r.timeToAcknowledge) }));
  if (unranked.length > 0) lines.push(dt(locale, 'digest.unranked', { min: MIN_RANKED, teams: unranked.join(', ') }));
  return [{ kind: 'header', text: dt(locale, 'digest.byTeam') }, { kind: 'text', text: lines.join('\n') }];
}

function escalations(directory: Directory, locale: Locale, report: DigestReport): MessageBlock[] {
  const counted = report.escalations.filter((e) => e.count > 0);
  const text =
    counted.length === 0
      ? dt(locale, 'digest.escalationsNone')
      : counted
          .map((e) => {
            const step = directory.escalation[e.step];
            const who = step ? dt(locale, `digest.escalation.${step.notify}`) : '—';
            return `• ${dt(locale, 'digest.escalationStep', { step: e.step + 1, percent: step?.at ?? '?', who, count: e.count })}`;
          })
          .join('\n');
  return [{ kind: 'header', text: dt(locale, 'digest.escalations') }, { kind: 'text', text }];
}

function oldestOpen(directory: Directory, locale: Locale, report: DigestReport): MessageBlock[] {
  const text =
    report.oldestOpen.length === 0
      ? dt(locale, 'digest.oldestNone')
      : report.oldestOpen
          .map((c) => {
            const line = dt(locale, 'digest.oldestLine', { ref: c.ref, team: keyName(directory, locale, 'team', c.teamId ?? ''), age: formatDuration(locale, c.ageMinutes) });
            const last = c.category ? lastDayToPay(directory, { category: c.category, rentDemandDate: c.rentDemandDate ?? null }) : null;
            return `• ${line}${last ? ` · ${t(locale, 'eviction.lastDay').toLowerCase()} ${formatLastDay(last, locale)}` : ''}`;
          })
          .join('\n');
  return [{ kind: 'header', text: dt(locale, 'digest.oldestOpen') }, { kind: 'text', text }];
}

function period(directory: Directory, locale: Locale, report: DigestReport): string {
  const tz = directory.municipality.timezone;
  const { first, last } = weekDays(report.week, tz);
  const params = { week: report.week.week, days: dayRangeText(locale, first, last) };
  return dt(locale, report.asOf < report.end ? 'digest.periodSoFar' : 'digest.period', params);
}

/** The blocks for one scope's report. */
export function digestBlocks(directory: Directory, report: DigestReport, locale: Locale): MessageBlock[] {
  const { current, previous } = report;
  const blocks: MessageBlock[] = [
    { kind: 'header', text: dt(locale, 'digest.title', { scope: scopeName(directory, report.scope) }) },
    { kind: 'context', text: period(directory, locale, report) },
    headline(locale, current, previous),
    { kind: 'text', text: dt(locale, 'digest.trend', { bars: trendBars(report.trend.map((w) => w.share)) }) },
    {
      kind: 'context',
      text: dt(locale, 'digest.trendLegend', { first: report.trend[0]?.week ?? '', last: report.trend[report.trend.length - 1]?.week ?? '' }),
    },
  ];
  if (current.raised === 0 && current.acknowledged === 0) blocks.push({ kind: 'text', text: dt(locale, 'digest.nothing') });
  blocks.push(...breakdown(directory, locale, 'category', report.byCategory));
  blocks.push(...breakdown(directory, locale, 'district', report.byDistrict));
  if (report.scope.kind !== 'association') blocks.push(...breakdown(directory, locale, 'association', report.byAssociation));
  if (report.scope.kind !== 'team') blocks.push(...teamRanking(directory, locale, report.byTeam));
  blocks.push(...escalations(directory, locale, report), ...oldestOpen(directory, locale, report));
  blocks.push(...loopBlocks(directory, locale, report.loop));
  blocks.push({ kind: 'context', text: dt(locale, 'digest.footnote') });
  return blocks;
}

const summaryOf = (directory: Directory, report: DigestReport, locale: Locale) =>
  dt(locale, 'digest.summary', {
    scope: scopeName(directory, report.scope),
    week: report.week.week,
    raised: report.current.raised,
    acknowledged: report.current.acknowledged,
    open: report.current.open,
  });

/** One message for all of a manager's scopes (a manager of two teams gets both in one message). */
export function renderDigest(directory: Directory, reports: readonly DigestReport[], locale: Locale): NeutralMessage {
  return {
    summary: reports.map((r) => summaryOf(directory, r, locale)).join(' '),
    blocks: reports.flatMap((r) => digestBlocks(directory, r, locale)),
  };
}

export function renderNotManager(locale: Locale): NeutralMessage {
  const text = dt(locale, 'digest.notManager');
  return { summary: text, blocks: [{ kind: 'text', text }] };
}
