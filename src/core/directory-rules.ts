/**
 * Rules of the directory a schema cannot express: a calendar that exists (time zone, holidays,
 * opening intervals in order, real closed days), SLA targets above zero, an ascending escalation
 * ladder, a digest schedule cron-parser accepts, and per-category rules that make sense.
 */
import cronParser from 'cron-parser';
import { DateTime, IANAZone } from 'luxon';
import { CLOSED_DAY, WEEKDAYS } from './directory.js';
import { holidayRules } from './holidays.js';
import { duplicateIds, entries, list, rec, text, type DirectoryProblem, type ProblemPath, type Raw } from './directory-raw.js';

/** Rule problems of the raw directory input. */
export function ruleProblems(doc: Raw): DirectoryProblem[] {
  const municipality = rec(doc.municipality);
  const categories = entries(doc.categories);
  return [
    ...(municipality ? calendarProblems(municipality) : []),
    ...slaProblems(['sla'], rec(doc.sla)),
    ...escalationProblems(doc.escalation),
    ...cronProblems(text(rec(doc.digest)?.cron), municipality ? text(municipality.timezone) : undefined),
    ...duplicateIds(['categories'], categories),
    ...categories.flatMap(({ index, raw }) => [
      ...slaProblems(['categories', index, 'sla'], rec(raw.sla)),
      ...(raw.noticePeriodDays !== undefined && raw.id !== 'eviction_risk'
        ? [{ path: ['categories', index, 'noticePeriodDays'], message: 'only eviction_risk has a notice period (the days a tenant has after a rent demand)' }]
        : []),
    ]),
  ];
}

/** Same reading as the calendar: a country code, optionally with state and region ("DE-BY"). */
function supportedHolidayCalendar(spec: string): boolean {
  const [country = '', state, region] = spec.toUpperCase().split('-');
  const holidays = holidayRules(country);
  if (!(country in holidays.getCountries())) return false;
  if (state !== undefined && !(state in (holidays.getStates(country) ?? {}))) return false;
  return region === undefined || (state !== undefined && region in (holidays.getRegions(country, state) ?? {}));
}

const TIMES = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/;
const minutesOf = (h: string, m: string) => Number(h) * 60 + Number(m);

/** Problems of one weekday's opening hours: real times, each interval opening before it closes, in order. */
export function openingHoursProblems(value: string): { message: string; overrides?: true }[] {
  let previous: { text: string; close: number } | undefined;
  for (const part of value.split(',').map((p) => p.trim())) {
    const m = TIMES.exec(part);
    if (!m) return [];
    const [, oh = '', om = '', ch = '', cm = ''] = m;
    const notATime = (h: string, min: string, closing: boolean) =>
      (Number(h) > 23 || Number(min) > 59) && !(closing && h === '24' && min === '00');
    for (const [h, min, closing] of [[oh, om, false], [ch, cm, true]] as const) {
      if (notATime(h, min, closing)) {
        return [{ message: `${h}:${min} is not a time of day (00:00–23:59, or 24:00 as a closing time)`, overrides: true }];
      }
    }
    const open = minutesOf(oh, om);
    const close = minutesOf(ch, cm);
    if (close <= open) return [{ message: `closing time ${ch}:${cm} must be after opening time ${oh}:${om}` }];
    if (previous && open < previous.close) {
      return [{ message: `${part} must start after ${previous.text} ends; list the intervals in order, without overlap` }];
    }
    previous = { text: part, close };
  }
  return [];
}

function calendarProblems(municipality: Raw): DirectoryProblem[] {
  const problems: DirectoryProblem[] = [];
  const at = (...path: (string | number)[]) => ['municipality', ...path];
  const zone = text(municipality.timezone);
  if (zone !== undefined && !IANAZone.isValidZone(zone)) {
    problems.push({ path: at('timezone'), message: `unknown time zone "${zone}" (use an IANA name such as Europe/Copenhagen)` });
  }
  const country = text(municipality.holidays);
  if (country !== undefined && !supportedHolidayCalendar(country)) {
    problems.push({ path: at('holidays'), message: `no public-holiday calendar for "${country}" (use a country code such as DK)` });
  }
  const hours = rec(municipality.businessHours);
  if (hours) {
    const open = WEEKDAYS.filter((day) => typeof hours[day] === 'string');
    if (open.length === 0) {
      problems.push({ path: at('businessHours'), message: 'no business days; add at least one, e.g. mon: "08:00-15:30"' });
    }
    for (const day of open) {
      for (const p of openingHoursProblems(hours[day] as string)) problems.push({ path: at('businessHours', day), ...p });
    }
  }
  list(municipality.closedDays).forEach((day, k) => {
    if (typeof day !== 'string' || !CLOSED_DAY.test(day)) return;
    // A yearly MM-DD is read in a leap year, so "02-29" is allowed (it closes in leap years only).
    if (!DateTime.fromISO(day.length === 5 ? `2024-${day}` : day).isValid) {
      problems.push({ path: at('closedDays', k), message: `"${day}" is not a date` });
    }
  });
  return problems;
}

function slaProblems(path: ProblemPath, sla: Raw | undefined): DirectoryProblem[] {
  return Object.entries(sla ?? {}).flatMap(([urgency, entry]) => {
    const within = text(rec(entry)?.acknowledgeWithin);
    const amount = within === undefined ? undefined : /^(\d+(?:\.\d+)?)\s*[smhd]$/.exec(within)?.[1];
    return amount !== undefined && Number(amount) === 0
      ? [{ path: [...path, urgency, 'acknowledgeWithin'], message: 'must be longer than 0' }]
      : [];
  });
}

function escalationProblems(steps: unknown): DirectoryProblem[] {
  const problems: DirectoryProblem[] = [];
  let previous: number | undefined;
  list(steps).forEach((step, index) => {
    const raw = rec(step)?.at;
    const at =
      typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+(\.\d+)?%$/.test(raw) ? Number.parseFloat(raw) : undefined;
    if (at === undefined) return;
    if (at <= 0) problems.push({ path: ['escalation', index, 'at'], message: 'must be greater than 0%' });
    else if (previous !== undefined && at <= previous) {
      problems.push({
        path: ['escalation', index, 'at'],
        message: `${at}% must be greater than the step before (${previous}%); steps go in ascending order`,
      });
    }
    previous = at;
  });
  return problems;
}

const CRON_FIELDS: Record<string, string> = { '0-59': 'minute', '0-23': 'hour', '1-31': 'day of month', '1-12': 'month', '0-7': 'weekday' };

/**
 * The digest schedule, checked with cron-parser, the parser BullMQ's job schedulers use (the same
 * major version as bullmq's own dependency), so what passes here is what BullMQ will run.
 */
function cronProblems(cron: string | undefined, timezone: string | undefined): DirectoryProblem[] {
  if (cron === undefined) return [];
  const path = ['digest', 'cron'];
  const fields = cron.trim().split(/\s+/).filter(Boolean).length;
  if (fields !== 5) {
    return [{ path, message: `"${cron}" must have 5 fields (minute hour day-of-month month weekday), not ${fields}` }];
  }
  try {
    cronParser.parseExpression(cron, timezone && IANAZone.isValidZone(timezone) ? { tz: timezone } : {});
    return [];
  } catch (err) {
    const reason = (err as Error).message;
    const range = /got value (\S+) expected range (\d+-\d+)/.exec(reason);
    const why = range
      ? `${CRON_FIELDS[range[2] ?? ''] ?? 'a field'} ${range[1]} is outside ${range[2]}`
      : reason.replace(/^\w/, (c) => c.toLowerCase());
    return [{ path, message: `"${cron}" is not a valid schedule (minute hour day-of-month month weekday): ${why}` }];
  }
}
