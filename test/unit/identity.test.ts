/**
 * Who is writing (src/core/identity.ts): the directory's matching order (explicit members and
 * managers, then a team's members, then the Slack workspace, Enterprise Grid or Microsoft tenant,
 * then the e-mail domain), the roles that follow, and the language. Sample directory, with a few
 * changes made in the tests that need them.
 */
import { describe, expect, it } from 'vitest';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import type { Directory } from '../../src/core/directory.js';
import { localeFrom, resolveIdentity } from '../../src/core/identity.js';

const sample = loadDirectoryOrThrow();
const edited = (edit: (d: Directory) => void): Directory => {
  const d = structuredClone(sample);
  edit(d);
  return d;
};
const org = (d: Directory, id: string) => d.organizations.find((o) => o.id === id)!;

describe('matching a user to an organisation', () => {
  it('finds a listed member, with the name and language given, as a reporter of the association', () => {
    expect(resolveIdentity(sample, { platform: 'slack', userId: 'U0PG4KAPUT7', name: '  Jens Pedersen ', locale: 'en-GB' })).toEqual({
      person: { platform: 'slack', userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', organizationId: 'fjordbo', locale: 'en' },
      organization: org(sample, 'fjordbo'),
      responderTeams: [],
      managerOf: [],
      isReporter: true,
    });
  });

  it('falls back to the user id as the name and to the municipality language', () => {
    const identity = resolveIdentity(sample, { platform: 'slack', userId: 'U0PG4KAPUT7', name: '   ' });
    expect(identity?.person).toMatchObject({ name: 'U0PG4KAPUT7', locale: 'da' });
  });

  it('prefers an explicit listing to the workspace the user writes from', () => {
    // Jens is listed at Fjordbo but writes from the municipality's workspace.
    const identity = resolveIdentity(sample, { platform: 'slack', userId: 'U0PG4KAPUT7', workspaceId: 'T034REYFKTT', email: 'jens@nordfjord.dk' });
    expect(identity?.organization.id).toBe('fjordbo');
  });

  it("finds an association's manager by the managers list, and makes them manager of the association", () => {
    const identity = resolveIdentity(sample, { platform: 'slack', userId: 'U0LVMPSQQXY' });
    expect(identity).toMatchObject({ organization: { id: 'fjordbo' }, managerOf: [{ kind: 'association', id: 'fjordbo' }], isReporter: true, responderTeams: [] });
  });

  it("makes a municipality's manager manager of the whole organisation, and no reporter", () => {
    const identity = resolveIdentity(sample, { platform: 'teams', userId: '551958ea-0ab0-4e19-af3d-a7eef085cefd' });
    expect(identity).toMatchObject({ organization: { id: 'nordfjord-kommune' }, managerOf: [{ kind: 'org', id: 'nordfjord-kommune' }], isReporter: false, responderTeams: [] });
  });

  it("finds a team's member through the team's organisation, as a responder of that team only", () => {
    const identity = resolveIdentity(sample, { platform: 'teams', userId: '1480c9ac-e930-4eaf-97f9-ca7d41d2161a' });
    expect(identity).toMatchObject({ organization: { id: 'nordfjord-kommune' }, responderTeams: ['bolig-indgang'], managerOf: [], isReporter: false });
  });

  it('makes a manager of two teams manager of both, and responder of neither', () => {
    // Torben Skov manages SSP and SSP Vestervang.
    const identity = resolveIdentity(sample, { platform: 'slack', userId: 'U0FU872VN5G' });
    expect(identity).toMatchObject({
      organization: { id: 'nordfjord-kommune' },
      responderTeams: [],
      managerOf: [{ kind: 'team', id: 'ssp' }, { kind: 'team', id: 'ssp-vestervang' }],
    });
  });

  it('keeps platforms apart: a Slack id listed for Teams is nobody', () => {
    expect(resolveIdentity(sample, { platform: 'teams', userId: 'U0PG4KAPUT7' })).toBeNull();
    expect(resolveIdentity(sample, { platform: 'slack', userId: '1480c9ac-e930-4eaf-97f9-ca7d41d2161a' })).toBeNull();
  });

  it('lets the whole of a Slack workspace in, and only on Slack', () => {
    expect(resolveIdentity(sample, { platform: 'slack', userId: 'U0NEW', workspaceId: 'T0GZF213HC2' })?.organization.id).toBe('lyngbo');
    expect(resolveIdentity(sample, { platform: 'teams', userId: 'U0NEW', workspaceId: 'T0GZF213HC2' })).toBeNull();
    expect(resolveIdentity(sample, { platform: 'slack', userId: 'U0NEW', workspaceId: 'TOTHER' })).toBeNull();
  });

  it('lets the whole of a Microsoft tenant in, and only on Teams', () => {
    const tenantId = '29282dcb-e9ec-4f99-8f85-060a19530bce';
    expect(resolveIdentity(sample, { platform: 'teams', userId: 'new-user', tenantId })?.organization.id).toBe('lyngbo');
    expect(resolveIdentity(sample, { platform: 'slack', userId: 'new-user', tenantId })).toBeNull();
  });

  it('lets a Slack Enterprise Grid organisation in by its enterprise id', () => {
    const d = edited((x) => {
      org(x, 'nab').slack = { teamIds: [], enterpriseIds: ['E0GRID'] };
    });
    expect(resolveIdentity(d, { platform: 'slack', userId: 'U0NEW', workspaceId: 'T0SOMEWHERE', enterpriseId: 'E0GRID' })?.organization.id).toBe('nab');
    expect(resolveIdentity(d, { platform: 'slack', userId: 'U0NEW', enterpriseId: 'E0OTHER' })).toBeNull();
  });

  it('tells two organisations in one Slack workspace apart by their listed members', () => {
    // Lyngbo's caretakers share Fjordbo's workspace; those listed at Lyngbo belong to Lyngbo.
    const d = edited((x) => {
      org(x, 'lyngbo').slack = { teamIds: ['T0UQ7C1X54X'] };
      org(x, 'lyngbo').members.slack.push('U0SHARED');
    });
    expect(resolveIdentity(d, { platform: 'slack', userId: 'U0SHARED', workspaceId: 'T0UQ7C1X54X' })?.organization.id).toBe('lyngbo');
    // Anyone else there matches the first organisation that lists the workspace.
    expect(resolveIdentity(d, { platform: 'slack', userId: 'U0NOBODY', workspaceId: 'T0UQ7C1X54X' })?.organization.id).toBe('fjordbo');
  });

  it('matches an e-mail domain in any case, after everything else', () => {
    expect(resolveIdentity(sample, { platform: 'teams', userId: 'new-user', email: 'Pia@NAB-Bolig.dk' })?.organization.id).toBe('nab');
    expect(resolveIdentity(sample, { platform: 'slack', userId: 'U0NEW', email: 'someone@lyngbo.dk' })?.organization.id).toBe('lyngbo');
    // The workspace wins over the address.
    expect(resolveIdentity(sample, { platform: 'slack', userId: 'U0NEW', workspaceId: 'T0UQ7C1X54X', email: 'x@lyngbo.dk' })?.organization.id).toBe('fjordbo');
    const upper = edited((x) => {
      org(x, 'lyngbo').emailDomains = ['Lyngbo.DK'];
    });
    expect(resolveIdentity(upper, { platform: 'slack', userId: 'U0NEW', email: 'x@lyngbo.dk' })?.organization.id).toBe('lyngbo');
  });

  it('knows nobody by an unknown domain, a subdomain, or an address without a domain', () => {
    expect(resolveIdentity(sample, { platform: 'slack', userId: 'U0NEW', email: 'x@gmail.com' })).toBeNull();
    expect(resolveIdentity(sample, { platform: 'slack', userId: 'U0NEW', email: 'x@mail.lyngbo.dk' })).toBeNull();
    expect(resolveIdentity(sample, { platform: 'slack', userId: 'U0NEW', email: 'lyngbo.dk' })).toBeNull();
    expect(resolveIdentity(sample, { platform: 'slack', userId: 'U0NEW' })).toBeNull();
  });
});

describe('the language of a user', () => {
  it.each([
    ['en-US', 'en'],
    ['EN', 'en'],
    ['da-DK', 'da'],
    ['DA', 'da'],
    ['de-DE', 'da'],
    ['', 'da'],
    [undefined, 'da'],
  ] as const)('%j is %s when the fallback is Danish', (raw, locale) => {
    expect(localeFrom(raw, 'da')).toBe(locale);
  });

  it('keeps the fallback for languages it does not speak', () => {
    expect(localeFrom('sv-SE', 'en')).toBe('en');
    expect(localeFrom('da', 'en')).toBe('da');
  });
});
