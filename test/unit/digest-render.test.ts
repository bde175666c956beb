import { describe, expect, it } from 'vitest';
import type { DigestReport, WeekFigures } from '../../src/core/digest/report.js';
import { renderDigest, renderNotManager, trendBars } from '../../src/core/digest/render.js';
import { digestRecipients, parseScope, scopeFilter } from '../../src/core/digest/scope.js';
import type { MessageBlock, NeutralMessage } from '../../src/core/messages.js';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';

const directory = loadDirectoryOrThrow();

const text = (m: NeutralMessage) =>
  m.blocks
    .map((b: MessageBlock) => {
      if (b.kind === 'fields') return b.fields.map((f) => `${f.label}: ${f.value}`).join('\n');
      return 'text' in b ? b.text : '';
    })
    .join('\n');

function week(label: string, overrides: Partial<WeekFigures>): WeekFigures {
  return {
    week: label,
    raised: 0,
    acknowledged: 0,
    resolved: 0,
    open: 0,
    withinSla: { within: 0, of: 0, share: null },
    timeToAcknowledge: { count: 0, medianMinutes: null, p90Minutes: null },
    timeToResolve: { count: 0, medianMinutes: null, p90Minutes: null },
    ...overrides,
  };
}

const current = week('2026-W10', {
  raised: 12,
  acknowledged: 7,
  resolved: 4,
  open: 9,
  withinSla: { within: 5, of: 7, share: 5 / 7 },
  timeToAcknowledge: { count: 7, medianMinutes: 80, p90Minutes: 190 },
  timeToResolve: { count: 4, medianMinutes: 900, p90Minutes: 1812 },
});
const previous = week('2026-W09', {
  raised: 9,
  acknowledged: 7,
  resolved: 4,
  open: 6,
  withinSla: { within: 6, of: 7, share: 6 / 7 },
  timeToAcknowledge: { count: 7, medianMinutes: 95, p90Minutes: 200 },
  timeToResolve: { count: 4, medianMinutes: 900, p90Minutes: 1000 },
});

function report(overrides: Partial<DigestReport> = {}): DigestReport {
  return {
    scope: { kind: 'org', id: 'nordfjord-kommune' },
    week: { year: 2026, week: 10 },
    start: new Date('2026-03-01T23:00:00Z'),
    end: new Date('2026-03-08T23:00:00Z'),
    asOf: new Date('2026-03-08T23:00:00Z'),
    current,
    previous,
    trend: [null, null, 0, 0.5, 1, null, 6 / 7, 5 / 7].map((share, i) => ({ week: `2026-W0${i + 3}`, share, count: share === null ? 0 : 7 })),
    byCategory: [
      { key: 'homelessness', raised: 5, acknowledged: 3, timeToAcknowledge: { count: 3, medianMinutes: 60, p90Minutes: 80 } },
      { key: 'youth', raised: 1, acknowledged: 0, timeToAcknowledge: { count: 0, medianMinutes: null, p90Minutes: null } },
    ],
    byDistrict: [{ key: 'havnen', raised: 6, acknowledged: 3, timeToAcknowledge: { count: 3, medianMinutes: 60, p90Minutes: 80 } }],
    byAssociation: [{ key: 'fjordbo', raised: 6, acknowledged: 3, timeToAcknowledge: { count: 3, medianMinutes: 60, p90Minutes: 80 } }],
    byTeam: [
      { key: 'ssp', raised: 2, acknowledged: 2, timeToAcknowledge: { count: 2, medianMinutes: 5, p90Minutes: 6 } },
      { key: 'bolig-indgang', raised: 6, acknowledged: 6, timeToAcknowledge: { count: 6, medianMinutes: 75, p90Minutes: 240 } },
      { key: 'socialpsykiatri', raised: 5, acknowledged: 5, timeToAcknowledge: { count: 5, medianMinutes: 40, p90Minutes: 50 } },
    ],
    escalations: [
      { step: 0, count: 3 },
      { step: 2, count: 1 },
    ],
    oldestOpen: [{ ref: 'BB-2026-0007', teamId: 'bolig-indgang', createdAt: new Date('2026-02-25T09:00:00Z'), ageMinutes: 16680 }],
    ...overrides,
  };
}

describe('the weekly digest message', () => {
  it('shows the headline figures with their counts and the change from the week before, in Danish', () => {
    const message = text(renderDigest(directory, [report()], 'da'));
    expect(message).toContain('Ugerapport · Nordfjord Kommune');
    expect(message).toContain('Uge 10, 2.–8. marts 2026');
    expect(message).toContain('Oprettet: 12 · +3 fra ugen før');
    expect(message).toContain('Kvitteret: 7 · uændret fra ugen før');
    expect(message).toContain('Stadig åbne ved ugens slut: 9 · +3 fra ugen før');
    expect(message).toContain('Kvitteret inden for fristen: 71 % (5 af 7) · −15 procentpoint fra ugen før');
    expect(message).toContain('Tid til kvittering: median 1 t 20 min · 90 %: 3 t 10 min (n=7) · −15 min fra ugen før');
    expect(message).toContain('Tid til afslutning: median 15 t · 90 %: 1 d 6 t (n=4) · uændret fra ugen før');
    expect(message).toContain('de seneste 8 uger: ··▁▅█·▇▆');
  });

  it('says the same in English', () => {
    const message = text(renderDigest(directory, [report()], 'en'));
    expect(message).toContain('Weekly report · Nordfjord Kommune');
    expect(message).toContain('Week 10, 2\u2009–\u20098 March 2026'); // CLDR's en-GB range: thin spaces around the dash
    expect(message).toContain('Raised: 12 · +3 on the week before');
    expect(message).toContain('Acknowledged within target: 71% (5 of 7) · −15 percentage points on the week before');
    expect(message).toContain('Time to acknowledge: median 1 h 20 min · 90th percentile 3 h 10 min (n=7) · −15 min on the week before');
    expect(message).toContain('• Homelessness: 5 raised, 3 acknowledged · median 1 h (n=3)');
    expect(message).toContain('• Youth and unrest: 1 raised, 0 acknowledged · — (n=0)');
  });

  it('ranks only teams with at least five acknowledged concerns', () => {
    const message = text(renderDigest(directory, [report()], 'da'));
    expect(message).toContain('1. Socialpsykiatrien – opsøgende team: median 40 min (n=5)');
    expect(message).toContain('2. Boligsocial indgang (hjemløshed og udsættelse): median 1 t 15 min (n=6)');
    expect(message).toContain('Færre end 5 kvitterede bekymringer, så ikke rangeret: SSP Nordfjord');
    expect(message).not.toMatch(/\d\. SSP Nordfjord/);
  });

  it('lists escalations by step of the ladder and the oldest open concerns with team and age', () => {
    const message = text(renderDigest(directory, [report()], 'da'));
    expect(message).toContain('• Trin 1 (100 % af fristen, påmindelse til teamet): 3');
    expect(message).toContain('• Trin 3 (200 % af fristen, besked til lederne): 1');
    expect(message).toContain('• BB-2026-0007 · Boligsocial indgang (hjemløshed og udsættelse) · 11 d 14 t gammel');
  });

  it('tells a team manager about their own team without a team ranking, and says when the week is not over', () => {
    const message = renderDigest(directory, [report({ scope: { kind: 'team', id: 'ssp' }, asOf: new Date('2026-03-04T11:00:00Z') })], 'en');
    const body = text(message);
    expect(body).toContain('Weekly report · SSP Nordfjord');
    expect(body).toContain('the week is not over');
    expect(body).not.toContain('By team');
    expect(message.summary).toBe('Weekly report for SSP Nordfjord, week 10: 12 raised, 7 acknowledged, 9 still open.');
  });

  it('shows "— (n=0)" rather than inventing a median, and says when nothing happened', () => {
    const empty = report({ current: week('2026-W10', {}), previous: week('2026-W09', {}), byCategory: [], byDistrict: [], byAssociation: [], byTeam: [], escalations: [], oldestOpen: [] });
    const message = text(renderDigest(directory, [empty], 'da'));
    expect(message).toContain('Tid til kvittering: — (n=0)');
    expect(message).toContain('Kvitteret inden for fristen: — (n=0)');
    expect(message).toContain('Ingen bekymringer i ugen.');
    expect(message).toContain('Ingen eskalationer i ugen.');
    expect(message).toContain('Ingen åbne bekymringer.');
  });

  it('politely refuses people who manage nothing', () => {
    expect(text(renderNotManager('da'))).toContain('Ugerapporten er for ledere');
    expect(text(renderNotManager('en'))).toContain('The weekly report is for managers');
  });

  it('draws the trend one character per week, with · where nothing was acknowledged', () => {
    expect(trendBars([0, 1 / 7, 2 / 7, 3 / 7, 4 / 7, 5 / 7, 6 / 7, 1])).toBe('▁▂▃▄▅▆▇█');
    expect(trendBars([null, 0.5, null])).toBe('·▅·');
  });
});

describe('digest scopes', () => {
  it('reads scopes and knows which concerns each covers', () => {
    expect(parseScope('team:ssp')).toEqual({ kind: 'team', id: 'ssp' });
    expect(parseScope('kommune')).toBeNull();
    expect(scopeFilter(directory, { kind: 'team', id: 'ssp' })).toEqual({ kind: 'teams', teamIds: ['ssp'] });
    expect(scopeFilter(directory, { kind: 'org', id: 'nordfjord-kommune' })).toEqual({ kind: 'teams', teamIds: directory.teams.map((t) => t.id) });
    expect(scopeFilter(directory, { kind: 'association', id: 'fjordbo' })).toEqual({ kind: 'association', associationId: 'fjordbo' });
    expect(scopeFilter(directory, { kind: 'team', id: 'nope' })).toBeNull();
    // An association is not a municipal organisation, and the other way round.
    expect(scopeFilter(directory, { kind: 'org', id: 'fjordbo' })).toBeNull();
    expect(scopeFilter(directory, { kind: 'association', id: 'nordfjord-kommune' })).toBeNull();
  });

  it('sends every manager one digest with all their scopes', () => {
    const recipients = digestRecipients(directory);
    expect(recipients).toHaveLength(11);
    expect(recipients.find((r) => r.userId === 'U0FU872VN5G')?.scopes).toEqual([
      { kind: 'team', id: 'ssp' },
      { kind: 'team', id: 'ssp-vestervang' },
    ]);
    expect(recipients.find((r) => r.userId === '551958ea-0ab0-4e19-af3d-a7eef085cefd')).toEqual({
      platform: 'teams',
      userId: '551958ea-0ab0-4e19-af3d-a7eef085cefd',
      scopes: [{ kind: 'org', id: 'nordfjord-kommune' }],
    });
    expect(recipients.find((r) => r.userId === 'U0LVMPSQQXY')?.scopes).toEqual([{ kind: 'association', id: 'fjordbo' }]);
  });
});
