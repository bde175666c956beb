/**
 * The digest chart as a Vega-Lite spec (https://vega.github.io/vega-lite/docs/): plain JSON, built
 * from a DigestReport and nothing else, so it can be compared in tests (the "golden spec") and
 * rendered anywhere. Left panel: the last eight ISO weeks of the scope, concerns raised and
 * resolved as bars, the share acknowledged within the SLA as a line on a 0–100 % axis with its n
 * over each point, the digest week shaded. Right panel: the week's outcomes per category.
 * Colours are the Okabe–Ito palette (https://jfly.uni-koeln.de/color/), which stays apart for the
 * common colour-vision deficiencies. The renderer (src/chart/) turns the spec into a PNG.
 */
import { categoryLabel } from '../i18n.js';
import type { Locale } from '../model.js';
import { OUTCOME_IDS, outcomeLabel, type OutcomeId } from '../outcomes.js';
import { ct } from './chart-i18n.js';
import type { DigestReport, OutcomeCount } from './report.js';

/** A Vega-Lite top-level spec (JSON). The core does not import Vega-Lite's types. */
export type ChartSpec = Record<string, unknown>;

export interface DigestChart {
  spec: ChartSpec;
  /** The key figures in words, for screen readers (Slack `alt_txt`, Adaptive Card `altText`). */
  alt: string;
  title: string;
  /** e.g. `digest-team-ssp-2026-W10.png`. */
  filename: string;
}

/** The port: a spec in, PNG bytes out (src/chart/render.ts). */
export interface ChartRenderer {
  renderPng(spec: ChartSpec): Promise<Uint8Array>;
}

/**
 * Charts as links for surfaces that show pictures by URL only (the Slack App Home): the URL of
 * the spec's PNG, drawn and published under PUBLIC_URL (src/chart/chart-links.ts) when needed.
 */
export interface ChartLinker {
  urlOf(spec: ChartSpec): Promise<string>;
}

/** The font the renderer bundles (assets/fonts); the spec names it so measuring and drawing agree. */
export const CHART_FONT = 'DejaVu Sans';

/** Slack refuses alt text over 1000 characters (files.getUploadURLExternal: alt_txt_too_large). */
export const MAX_ALT_CHARS = 1000;

const OKABE_ITO = { orange: '#E69F00', skyBlue: '#56B4E9', green: '#009E73', yellow: '#F0E442', blue: '#0072B2', vermillion: '#D55E00', purple: '#CC79A7', black: '#000000' };
const SERIES_COLOURS = [OKABE_ITO.orange, OKABE_ITO.blue];
/** A fixed colour per outcome, so an outcome looks the same every week. */
const OUTCOME_COLOURS: Record<OutcomeId, string> = {
  action_taken: OKABE_ITO.green,
  referred: OKABE_ITO.skyBlue,
  already_known: OKABE_ITO.yellow,
  no_action_needed: OKABE_ITO.purple,
  declined: OKABE_ITO.vermillion,
  not_reachable: OKABE_ITO.black,
  other: '#999999',
};

const TREND_SIZE = { width: 400, height: 220 };
const OUTCOME_SIZE = { width: 200, height: 220 };

const weekNumber = (label: string): string => String(Number(label.slice(label.indexOf('W') + 1)));
const percent = (share: number): number => Math.round(share * 100);

interface WeekRow {
  week: string;
  raised: number;
  resolved: number;
  /** Whole percent; null when nothing was acknowledged that week. */
  withinSla: number | null;
  n: number;
  current: boolean;
}

function weekRows(report: DigestReport, locale: Locale): WeekRow[] {
  return report.weeks.map((w, index) => ({
    week: ct(locale, 'chart.weekShort', { week: weekNumber(w.week) }),
    raised: w.raised,
    resolved: w.resolved,
    withinSla: w.withinSla.share === null ? null : percent(w.withinSla.share),
    n: w.withinSla.of,
    current: index === report.weeks.length - 1,
  }));
}

function trendPanel(rows: WeekRow[], locale: Locale): ChartSpec {
  const order = rows.map((r) => r.week);
  const thisWeek = rows.find((r) => r.current)?.week ?? '';
  // The digest week is shaded and its axis label gets a second line saying so.
  const axis = {
    labelAngle: 0,
    labelExpr: `datum.value === ${JSON.stringify(thisWeek)} ? [datum.value, ${JSON.stringify(ct(locale, 'chart.thisWeek'))}] : datum.value`,
  };
  const x = { field: 'week', type: 'ordinal', sort: order, title: null, axis };
  const series = [ct(locale, 'chart.raised'), ct(locale, 'chart.resolved')];
  const bars = rows.flatMap((r) => [
    { week: r.week, series: series[0], count: r.raised },
    { week: r.week, series: series[1], count: r.resolved },
  ]);
  const shares = rows.filter((r) => r.withinSla !== null).map((r) => ({ week: r.week, withinSla: r.withinSla, label: `n=${r.n}` }));
  const shareY = { field: 'withinSla', type: 'quantitative', scale: { domain: [0, 100] } };
  const current = rows.filter((r) => r.current).map((r) => ({ week: r.week }));
  return {
    ...TREND_SIZE,
    layer: [
      { data: { values: current }, mark: { type: 'rect', color: OKABE_ITO.black, opacity: 0.08 }, encoding: { x } },
      {
        data: { values: bars },
        mark: 'bar',
        encoding: {
          x,
          xOffset: { field: 'series', sort: series },
          y: { field: 'count', type: 'quantitative', title: ct(locale, 'chart.count'), axis: { tickMinStep: 1 } },
          color: { field: 'series', type: 'nominal', sort: series, scale: { domain: series, range: SERIES_COLOURS }, legend: { title: null, orient: 'bottom' } },
        },
      },
      {
        data: { values: shares },
        mark: { type: 'line', color: OKABE_ITO.black, point: { color: OKABE_ITO.black } },
        encoding: { x, y: { ...shareY, title: ct(locale, 'chart.withinSla'), axis: { orient: 'right' } } },
      },
      {
        data: { values: shares },
        mark: { type: 'text', dy: -9, fontSize: 10 },
        encoding: { x, y: { ...shareY, axis: null }, text: { field: 'label' } },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}

function outcomePanel(outcomes: OutcomeCount[], week: string, locale: Locale): ChartSpec {
  const title = ct(locale, 'chart.outcomes', { week });
  if (outcomes.length === 0) {
    return {
      ...OUTCOME_SIZE,
      title,
      data: { values: [{ text: ct(locale, 'chart.noOutcomes') }] },
      mark: { type: 'text', fontSize: 11 },
      encoding: { text: { field: 'text' } },
    };
  }
  const present = OUTCOME_IDS.filter((id) => outcomes.some((o) => o.outcome === id));
  const rows = outcomes.map((o) => ({
    category: categoryLabel(locale, o.category),
    outcome: outcomeLabel(locale, o.outcome),
    order: OUTCOME_IDS.indexOf(o.outcome),
    count: o.count,
  }));
  return {
    ...OUTCOME_SIZE,
    title,
    data: { values: rows },
    mark: 'bar',
    encoding: {
      y: { field: 'category', type: 'nominal', title: null, axis: { labelLimit: 240 } },
      x: { field: 'count', type: 'quantitative', title: ct(locale, 'chart.count'), axis: { tickMinStep: 1 } },
      color: {
        field: 'outcome',
        type: 'nominal',
        scale: { domain: present.map((id) => outcomeLabel(locale, id)), range: present.map((id) => OUTCOME_COLOURS[id]) },
        legend: { title: null, orient: 'bottom', columns: 2 },
      },
      order: { field: 'order' },
    },
  };
}

function shareText(locale: Locale, within: number, of: number, share: number | null): string {
  return share === null ? ct(locale, 'chart.alt.noShare') : ct(locale, 'chart.alt.share', { percent: percent(share), within, of });
}

/** The alt text: this week, the week before, the eight-week totals and the outcomes, in words. */
export function chartAltText(report: DigestReport, scopeName: string, locale: Locale): string {
  const rows = weekRows(report, locale);
  const { current, previous } = report;
  const first = report.weeks[0]?.week ?? current.week;
  const sentences = [
    ct(locale, 'chart.alt.intro', { scope: scopeName, weeks: rows.length, first: weekNumber(first), last: report.week.week }),
    ct(locale, 'chart.alt.week', {
      week: report.week.week,
      raised: current.raised,
      resolved: current.resolved,
      share: shareText(locale, current.withinSla.within, current.withinSla.of, current.withinSla.share),
    }),
    ct(locale, 'chart.alt.before', {
      raised: previous.raised,
      resolved: previous.resolved,
      share: shareText(locale, previous.withinSla.within, previous.withinSla.of, previous.withinSla.share),
    }),
  ];
  const sum = (pick: (r: WeekRow) => number) => rows.reduce((total, r) => total + pick(r), 0);
  sentences.push(ct(locale, 'chart.alt.total', { weeks: rows.length, raised: sum((r) => r.raised), resolved: sum((r) => r.resolved) }));
  sentences.push(
    report.outcomes.length === 0
      ? ct(locale, 'chart.alt.noOutcomes', { week: report.week.week })
      : ct(locale, 'chart.alt.outcomes', {
          week: report.week.week,
          list: report.outcomes
            .map((o) => ct(locale, 'chart.alt.outcome', { count: o.count, category: categoryLabel(locale, o.category).toLowerCase(), outcome: outcomeLabel(locale, o.outcome).toLowerCase() }))
            .join(', '),
        }),
  );
  const alt = sentences.join(' ');
  return alt.length <= MAX_ALT_CHARS ? alt : `${alt.slice(0, MAX_ALT_CHARS - 1)}…`;
}

/** The chart for one scope's report, labelled in the manager's language. */
export function digestChart(report: DigestReport, scopeName: string, locale: Locale): DigestChart {
  const week = String(report.week.week);
  const title = ct(locale, 'chart.title', { scope: scopeName, week: `${week}, ${report.week.year}` });
  const spec: ChartSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start', fontSize: 15 },
    background: '#ffffff',
    padding: 12,
    config: { font: CHART_FONT, view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 11 }, legend: { labelFontSize: 11 } },
    hconcat: [trendPanel(weekRows(report, locale), locale), outcomePanel(report.outcomes, week, locale)],
    resolve: { scale: { color: 'independent' } },
  };
  const label = `${report.week.year}-W${week.padStart(2, '0')}`;
  return { spec, alt: chartAltText(report, scopeName, locale), title, filename: `digest-${report.scope.kind}-${report.scope.id}-${label}.png` };
}
