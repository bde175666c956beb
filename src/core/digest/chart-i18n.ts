/**
 * The digest chart's words in Danish (default) and English: axis titles, legend entries and the
 * alt text that says the key figures for people who cannot see the image. Placeholders: {name}.
 */
import { catalogue } from '../catalogue.js';

const da = {
  'chart.title': '{scope} · uge {week}',
  'chart.weekShort': 'U{week}',
  'chart.raised': 'Oprettet',
  'chart.resolved': 'Afsluttet',
  'chart.count': 'Antal bekymringer',
  'chart.withinSla': 'Kvitteret inden for fristen (%)',
  'chart.thisWeek': 'Denne uge',
  'chart.outcomes': 'Udfald i uge {week}',
  'chart.noOutcomes': 'Ingen afsluttet i ugen',
  'chart.alt.intro': 'Diagram for {scope}, de seneste {weeks} uger (uge {first} til {last}).',
  'chart.alt.week': 'Uge {week}: {raised} oprettet, {resolved} afsluttet, {share}.',
  'chart.alt.share': '{percent} % kvitteret inden for fristen ({within} af {of})',
  'chart.alt.noShare': 'ingen kvitteret',
  'chart.alt.before': 'Ugen før: {raised} oprettet, {resolved} afsluttet, {share}.',
  'chart.alt.total': 'I alt over de {weeks} uger: {raised} oprettet og {resolved} afsluttet.',
  'chart.alt.outcomes': 'Udfald i uge {week}: {list}.',
  'chart.alt.outcome': '{count} {category} – {outcome}',
  'chart.alt.noOutcomes': 'Ingen bekymringer blev afsluttet i uge {week}.',
};

const en: Record<keyof typeof da, string> = {
  'chart.title': '{scope} · week {week}',
  'chart.weekShort': 'W{week}',
  'chart.raised': 'Raised',
  'chart.resolved': 'Resolved',
  'chart.count': 'Concerns',
  'chart.withinSla': 'Acknowledged within target (%)',
  'chart.thisWeek': 'This week',
  'chart.outcomes': 'Outcomes in week {week}',
  'chart.noOutcomes': 'None resolved this week',
  'chart.alt.intro': 'Chart for {scope}, the last {weeks} weeks (week {first} to {last}).',
  'chart.alt.week': 'Week {week}: {raised} raised, {resolved} resolved, {share}.',
  'chart.alt.share': '{percent}% acknowledged within target ({within} of {of})',
  'chart.alt.noShare': 'none acknowledged',
  'chart.alt.before': 'The week before: {raised} raised, {resolved} resolved, {share}.',
  'chart.alt.total': 'In all over the {weeks} weeks: {raised} raised and {resolved} resolved.',
  'chart.alt.outcomes': 'Outcomes in week {week}: {list}.',
  'chart.alt.outcome': '{count} {category} – {outcome}',
  'chart.alt.noOutcomes': 'No concerns were resolved in week {week}.',
};

/** A chart sentence in the manager's language. */
export const ct = catalogue({ da, en });
