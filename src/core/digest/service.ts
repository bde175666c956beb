/**
 * The digest for people: "ugerapport"/"digest" on demand, and the Monday message to every
 * manager. Managers see aggregates for their own scopes only; anyone else gets a polite refusal.
 */
import { digestChart, type ChartLinker, type ChartRenderer } from './chart.js';
import { buildDigestReport, type DigestReport, type DigestSource } from './report.js';
import { renderDigest, renderNotManager } from './render.js';
import { scopeFilter, scopeName } from './scope.js';
import { addWeeks, weekOf, type IsoWeek } from './week.js';
import type { Directory } from '../directory.js';
import type { Identity, Scope } from '../identity.js';
import type { ImageBlock, NeutralMessage } from '../messages.js';
import type { Locale } from '../model.js';
import { systemClock, type Clock } from '../ports.js';

export interface DigestDeps {
  directory: Directory;
  digests: DigestSource;
  clock?: Clock;
  /** Draws each scope's chart (src/chart/render.ts); without it the digest is text only. */
  charts?: ChartRenderer;
  /** Gives each scope's chart as a link instead of PNG bytes (preferred over `charts` when given). */
  chartLinks?: ChartLinker;
  /** Told when a chart could not be drawn; the digest then goes out without it. */
  onChartError?: (error: unknown) => void;
}

export type WeekChoice = 'this' | 'last';

export function chosenWeek(choice: WeekChoice, now: Date, timezone: string): IsoWeek {
  const current = weekOf(now, timezone);
  return choice === 'this' ? current : addWeeks(current, -1, timezone);
}

/** Reports for the scopes the directory still knows, in the order given. */
export async function digestReports(deps: DigestDeps, scopes: readonly Scope[], week: IsoWeek): Promise<DigestReport[]> {
  const now = (deps.clock ?? systemClock).now();
  const timezone = deps.directory.municipality.timezone;
  const reports: DigestReport[] = [];
  for (const scope of scopes) {
    const filter = scopeFilter(deps.directory, scope);
    if (filter) reports.push(await buildDigestReport(deps.digests, scope, filter, week, timezone, now));
  }
  return reports;
}

/** The message for a set of scopes; null when none of them exists any more. */
export async function digestMessage(deps: DigestDeps, scopes: readonly Scope[], week: IsoWeek, locale: Locale): Promise<NeutralMessage | null> {
  const reports = await digestReports(deps, scopes, week);
  if (reports.length === 0) return null;
  const message = renderDigest(deps.directory, reports, locale);
  const images = await chartBlocks(deps, reports, locale);
  // The pictures right under the heading: managers look before they read.
  return images.length > 0 ? { ...message, blocks: [...message.blocks.slice(0, 1), ...images, ...message.blocks.slice(1)] } : message;
}

/** One chart per report, as image blocks with their alt text (PNG bytes, or a link); none without either. */
export async function chartBlocks(deps: DigestDeps, reports: readonly DigestReport[], locale: Locale): Promise<ImageBlock[]> {
  const { charts, chartLinks } = deps;
  if (!charts && !chartLinks) return [];
  const blocks: ImageBlock[] = [];
  for (const report of reports) {
    const chart = digestChart(report, scopeName(deps.directory, report.scope), locale);
    const image = { kind: 'image' as const, alt: chart.alt, title: chart.title, filename: chart.filename };
    try {
      blocks.push(chartLinks ? { ...image, url: await chartLinks.urlOf(chart.spec) } : { ...image, png: await charts!.renderPng(chart.spec) });
    } catch (error) {
      deps.onChartError?.(error);
    }
  }
  return blocks;
}

/** What adapters answer to "digest"/"ugerapport" (and "… sidste uge"). */
export async function digestFor(deps: DigestDeps, identity: Identity, week: WeekChoice): Promise<NeutralMessage> {
  const locale = identity.person.locale;
  const now = (deps.clock ?? systemClock).now();
  const chosen = chosenWeek(week, now, deps.directory.municipality.timezone);
  return (await digestMessage(deps, identity.managerOf, chosen, locale)) ?? renderNotManager(locale);
}
