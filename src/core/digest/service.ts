/**
 * The digest for people: "ugerapport"/"digest" on demand, and the Monday message to every
 * manager. Managers see aggregates for their own scopes only; anyone else gets a polite refusal.
 */
import { buildDigestReport, type DigestReport, type DigestSource } from './report.js';
import { renderDigest, renderNotManager } from './render.js';
import { scopeFilter } from './scope.js';
import { addWeeks, weekOf, type IsoWeek } from './week.js';
import type { Directory } from '../directory.js';
import type { Identity, Scope } from '../identity.js';
import type { NeutralMessage } from '../messages.js';
import type { Locale } from '../model.js';
import { systemClock, type Clock } from '../ports.js';

export interface DigestDeps {
  directory: Directory;
  digests: DigestSource;
  clock?: Clock;
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
  return reports.length > 0 ? renderDigest(deps.directory, reports, locale) : null;
}

/** What adapters answer to "digest"/"ugerapport" (and "… sidste uge"). */
export async function digestFor(deps: DigestDeps, identity: Identity, week: WeekChoice): Promise<NeutralMessage> {
  const locale = identity.person.locale;
  const now = (deps.clock ?? systemClock).now();
  const chosen = chosenWeek(week, now, deps.directory.municipality.timezone);
  return (await digestMessage(deps, identity.managerOf, chosen, locale)) ?? renderNotManager(locale);
}
