/**
 * Who is writing: a platform user resolved to an organisation and roles by the directory's
 * matching rules (explicit members, then workspace/tenant, then e-mail domain).
 */
import type { Directory, Organization } from './directory.js';
import type { Locale, PersonRef, Platform } from './model.js';

export interface PlatformUser {
  platform: Platform;
  userId: string;
  name?: string;
  /** Slack workspace id (T…). */
  workspaceId?: string;
  /** Slack Enterprise Grid organisation id (E…). */
  enterpriseId?: string;
  /** Microsoft tenant id. */
  tenantId?: string;
  email?: string;
  locale?: string;
}

export type Scope =
  | { kind: 'team'; id: string }
  | { kind: 'org'; id: string }
  | { kind: 'association'; id: string };

export interface Identity {
  person: PersonRef;
  organization: Organization;
  /** Teams whose concerns this person may acknowledge and work on. */
  responderTeams: string[];
  /** Scopes whose digest this person receives. */
  managerOf: Scope[];
  isReporter: boolean;
}

export function localeFrom(raw: string | undefined, fallback: Locale): Locale {
  if (!raw) return fallback;
  const lower = raw.toLowerCase();
  if (lower.startsWith('en')) return 'en';
  if (lower.startsWith('da')) return 'da';
  return fallback;
}

function listed(users: { slack: string[]; teams: string[] }, user: PlatformUser): boolean {
  return users[user.platform].includes(user.userId);
}

function matchOrganization(directory: Directory, user: PlatformUser): Organization | undefined {
  const orgs = directory.organizations;
  const explicit = orgs.find((o) => listed(o.members, user) || listed(o.managers, user));
  if (explicit) return explicit;
  const teamMember = directory.teams.find((t) => listed(t.members, user) || listed(t.managers, user));
  if (teamMember) return orgs.find((o) => o.id === teamMember.organization);
  const byWorkspace = orgs.find((o) =>
    user.platform === 'slack'
      ? (!!user.workspaceId && (o.slack?.teamIds ?? []).includes(user.workspaceId)) ||
        (!!user.enterpriseId && (o.slack?.enterpriseIds ?? []).includes(user.enterpriseId))
      : !!user.tenantId && (o.teams?.tenantIds ?? []).includes(user.tenantId),
  );
  if (byWorkspace) return byWorkspace;
  const domain = user.email?.split('@')[1]?.toLowerCase();
  if (domain) return orgs.find((o) => o.emailDomains.some((d) => d.toLowerCase() === domain));
  return undefined;
}

/** Null means: not someone the directory knows; the caller explains and stores nothing. */
export function resolveIdentity(directory: Directory, user: PlatformUser): Identity | null {
  const organization = matchOrganization(directory, user);
  if (!organization) return null;
  const responderTeams = directory.teams.filter((t) => listed(t.members, user)).map((t) => t.id);
  const managerOf: Scope[] = directory.teams
    .filter((t) => listed(t.managers, user))
    .map((t) => ({ kind: 'team', id: t.id }) as Scope);
  if (listed(organization.managers, user)) {
    managerOf.push(
      organization.kind === 'association'
        ? { kind: 'association', id: organization.id }
        : { kind: 'org', id: organization.id },
    );
  }
  return {
    person: {
      platform: user.platform,
      userId: user.userId,
      name: user.name?.trim() || user.userId,
      organizationId: organization.id,
      locale: localeFrom(user.locale, directory.municipality.language),
    },
    organization,
    responderTeams,
    managerOf,
    isReporter: organization.kind === 'association',
  };
}
