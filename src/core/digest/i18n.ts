/**
 * The digest's sentences in Danish (default) and English, typed like i18n.ts: keys are shared and
 * a missing English text is a type error. Placeholders look like {name}.
 */
import { INTL_LOCALE } from '../time-format.js';
import type { Locale } from '../model.js';
import { catalogue } from '../catalogue.js';

const da = {
  'digest.title': 'Ugerapport · {scope}',
  'digest.period': 'Uge {week}, {days}',
  'digest.periodSoFar': 'Uge {week}, {days} (ugen er ikke slut: tal indtil nu)',
  'digest.summary': 'Ugerapport for {scope}, uge {week}: {raised} oprettet, {acknowledged} kvitteret, {open} stadig åbne.',
  'digest.raised': 'Oprettet',
  'digest.acknowledged': 'Kvitteret',
  'digest.resolved': 'Afsluttet',
  'digest.open': 'Stadig åbne ved ugens slut',
  'digest.withinSla': 'Kvitteret inden for fristen',
  'digest.timeToAcknowledge': 'Tid til kvittering',
  'digest.timeToResolve': 'Tid til afslutning',
  'digest.share': '{percent} % ({within} af {of})',
  'digest.median': 'median {median} (n={n})',
  'digest.medianP90': 'median {median} · 90 %: {p90} (n={n})',
  'digest.none': '— (n=0)',
  'digest.change': '{change} fra ugen før',
  'digest.changePoints': '{change} procentpoint fra ugen før',
  'digest.unchanged': 'uændret fra ugen før',
  'digest.trend': 'Kvitteret inden for fristen, de seneste 8 uger: {bars}',
  'digest.trendLegend': 'Uge {first} til {last}, én streg pr. uge; · = ingen kvitteringer den uge.',
  'digest.byCategory': 'Efter kategori',
  'digest.byDistrict': 'Efter område',
  'digest.byAssociation': 'Efter boligorganisation',
  'digest.byTeam': 'Efter team (hurtigste median kvittering først)',
  'digest.row': '{name}: {raised} oprettet, {acknowledged} kvitteret · {time}',
  'digest.rankedRow': '{rank}. {name}: {time}',
  'digest.unranked': 'Færre end {min} kvitterede bekymringer, så ikke rangeret: {teams}',
  'digest.notRouted': 'Ikke fordelt endnu',
  'digest.escalations': 'Eskalationer',
  'digest.escalationStep': 'Trin {step} ({percent} % af fristen, {who}): {count}',
  'digest.escalation.team': 'påmindelse til teamet',
  'digest.escalation.backup': 'besked til backupteamet',
  'digest.escalation.managers': 'besked til lederne',
  'digest.escalationsNone': 'Ingen eskalationer i ugen.',
  'digest.oldestOpen': 'Ældste åbne bekymringer',
  'digest.oldestLine': '{ref} · {team} · {age} gammel',
  'digest.oldestNone': 'Ingen åbne bekymringer.',
  'digest.nothing': 'Ingen bekymringer i ugen.',
  'digest.footnote':
    'Tider tælles fra bekymringen nåede teamet, i kommunens åbningstid (uden helligdage); akutte bekymringer i døgnets timer. n er antallet af bekymringer bag tallet.',
  'digest.notManager':
    'Ugerapporten er for ledere af et kommunalt team eller en boligorganisation, og du står ikke som leder i Brobygger. Spørg kommunens Brobygger-administrator, hvis du burde have den.',
} as const;

export type DigestMessageKey = keyof typeof da;

const en: Record<DigestMessageKey, string> = {
  'digest.title': 'Weekly report · {scope}',
  'digest.period': 'Week {week}, {days}',
  'digest.periodSoFar': 'Week {week}, {days} (the week is not over: figures so far)',
  'digest.summary': 'Weekly report for {scope}, week {week}: {raised} raised, {acknowledged} acknowledged, {open} still open.',
  'digest.raised': 'Raised',
  'digest.acknowledged': 'Acknowledged',
  'digest.resolved': 'Resolved',
  'digest.open': 'Still open at the end of the week',
  'digest.withinSla': 'Acknowledged within target',
  'digest.timeToAcknowledge': 'Time to acknowledge',
  'digest.timeToResolve': 'Time to resolve',
  'digest.share': '{percent}% ({within} of {of})',
  'digest.median': 'median {median} (n={n})',
  'digest.medianP90': 'median {median} · 90th percentile {p90} (n={n})',
  'digest.none': '— (n=0)',
  'digest.change': '{change} on the week before',
  'digest.changePoints': '{change} percentage points on the week before',
  'digest.unchanged': 'unchanged from the week before',
  'digest.trend': 'Acknowledged within target, last 8 weeks: {bars}',
  'digest.trendLegend': 'Week {first} to {last}, one bar per week; · = no acknowledgements that week.',
  'digest.byCategory': 'By category',
  'digest.byDistrict': 'By district',
  'digest.byAssociation': 'By housing association',
  'digest.byTeam': 'By team (fastest median acknowledgement first)',
  'digest.row': '{name}: {raised} raised, {acknowledged} acknowledged · {time}',
  'digest.rankedRow': '{rank}. {name}: {time}',
  'digest.unranked': 'Fewer than {min} acknowledged concerns, so not ranked: {teams}',
  'digest.notRouted': 'Not routed yet',
  'digest.escalations': 'Escalations',
  'digest.escalationStep': 'Step {step} ({percent}% of the target, {who}): {count}',
  'digest.escalation.team': 'reminder to the team',
  'digest.escalation.backup': 'message to the backup team',
  'digest.escalation.managers': 'message to the managers',
  'digest.escalationsNone': 'No escalations this week.',
  'digest.oldestOpen': 'Oldest open concerns',
  'digest.oldestLine': '{ref} · {team} · {age} old',
  'digest.oldestNone': 'No open concerns.',
  'digest.nothing': 'No concerns this week.',
  'digest.footnote':
    "Times count from when the concern reached the team, in the municipality's opening hours (public holidays excluded); acute concerns around the clock. n is the number of concerns behind a figure.",
  'digest.notManager':
    "The weekly report is for managers of a municipal team or a housing association, and Brobygger does not list you as one. Ask the municipality's Brobygger administrator if you should have it.",
};

/** A digest sentence in the manager's language, `{name}` placeholders filled from params. */
export const dt = catalogue<DigestMessageKey>({ da, en });

type Day = { day: number; month: number; year: number };

/**
 * "2.–8. marts 2026" / "2 – 8 March 2026"; "23. februar–1. marts 2026"; years only where they
 * differ. Intl's date-range format (CLDR), so each language gets its own conventions.
 */
export function dayRangeText(locale: Locale, first: Day, last: Day): string {
  const utc = (d: Day) => new Date(Date.UTC(d.year, d.month - 1, d.day));
  const format = new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return format.formatRange(utc(first), utc(last));
}
