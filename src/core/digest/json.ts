/**
 * The digest as plain JSON (CLI `--format json`): the same figures as the message, with stable
 * keys for scripts. Minutes are business minutes (wall minutes for acute concerns).
 */
import type { BreakdownRow, DigestReport, DurationStats, WeekFigures } from './report.js';
import { formatScope } from './scope.js';
import { formatIsoWeek } from './week.js';

const share = (w: WeekFigures) => (w.withinSla.share === null ? null : Math.round(w.withinSla.share * 1000) / 1000);

const duration = (d: DurationStats) => ({ medianMinutes: d.medianMinutes, p90Minutes: d.p90Minutes, count: d.count });

function headline(w: WeekFigures) {
  return {
    week: w.week,
    raised: w.raised,
    acknowledged: w.acknowledged,
    resolved: w.resolved,
    open: w.open,
    acknowledgedWithinSlaShare: share(w),
    acknowledgedWithinSla: { within: w.withinSla.within, of: w.withinSla.of },
    timeToAcknowledge: duration(w.timeToAcknowledge),
    timeToResolve: duration(w.timeToResolve),
  };
}

const difference = (now: number | null, before: number | null) =>
  now === null || before === null ? null : Math.round((now - before) * 1000) / 1000;

const rows = (name: string, list: BreakdownRow[]) =>
  list.map((r) => ({ [name]: r.key === '' ? null : r.key, raised: r.raised, acknowledged: r.acknowledged, timeToAcknowledge: duration(r.timeToAcknowledge) }));

export function digestJson(report: DigestReport) {
  const { current, previous } = report;
  return {
    scope: formatScope(report.scope),
    ...headline(current),
    week: formatIsoWeek(report.week),
    from: report.start.toISOString(),
    to: report.end.toISOString(),
    asOf: report.asOf.toISOString(),
    previousWeek: headline(previous),
    change: {
      raised: current.raised - previous.raised,
      acknowledged: current.acknowledged - previous.acknowledged,
      resolved: current.resolved - previous.resolved,
      open: current.open - previous.open,
      acknowledgedWithinSlaShare: difference(share(current), share(previous)),
      timeToAcknowledgeMedianMinutes: difference(current.timeToAcknowledge.medianMinutes, previous.timeToAcknowledge.medianMinutes),
      timeToResolveMedianMinutes: difference(current.timeToResolve.medianMinutes, previous.timeToResolve.medianMinutes),
    },
    byCategory: rows('category', report.byCategory),
    byDistrict: rows('district', report.byDistrict),
    byAssociation: rows('association', report.byAssociation),
    byTeam: rows('team', report.byTeam),
    escalations: report.escalations.map((e) => ({ step: e.step + 1, count: e.count })),
    oldestOpen: report.oldestOpen.map((c) => ({
      ref: c.ref,
      team: c.teamId,
      createdAt: c.createdAt.toISOString(),
      ageMinutes: c.ageMinutes,
      ...(c.rentDemandDate ? { rentDemandDate: c.rentDemandDate } : {}),
    })),
    trend: report.trend.map((w) => ({ week: w.week, acknowledgedWithinSlaShare: w.share === null ? null : Math.round(w.share * 1000) / 1000, count: w.count })),
  };
}

export type DigestJson = ReturnType<typeof digestJson>;
