/**
 * Whose concerns a digest covers: a municipal team, a whole municipal organisation (all its teams)
 * or a housing association. Also who gets digests: every manager the directory names.
 */
import type { Directory } from '../directory.js';
import type { Scope } from '../identity.js';
import type { Platform } from '../model.js';

/** What the store filters on; derived from the directory so a scope never leaks another team's concerns. */
export type ScopeFilter = { kind: 'teams'; teamIds: string[] } | { kind: 'association'; associationId: string };

const SCOPE_TEXT = /^(team|org|association):([a-z0-9][a-z0-9_-]*)$/;

/** "team:ssp", "org:nordfjord-kommune", "association:fjordbo"; null when it does not look like one. */
export function parseScope(text: string): Scope | null {
  const match = SCOPE_TEXT.exec(text.trim());
  if (!match) return null;
  return { kind: match[1] as Scope['kind'], id: match[2] as string };
}

export const formatScope = (scope: Scope): string => `${scope.kind}:${scope.id}`;

/** Null when the directory has no such team, municipal organisation or association. */
export function scopeFilter(directory: Directory, scope: Scope): ScopeFilter | null {
  switch (scope.kind) {
    case 'team':
      return directory.teams.some((t) => t.id === scope.id) ? { kind: 'teams', teamIds: [scope.id] } : null;
    case 'org': {
      const org = directory.organizations.find((o) => o.id === scope.id && o.kind === 'municipality');
      return org ? { kind: 'teams', teamIds: directory.teams.filter((t) => t.organization === org.id).map((t) => t.id) } : null;
    }
    case 'association': {
      const org = directory.organizations.find((o) => o.id === scope.id && o.kind === 'association');
      return org ? { kind: 'association', associationId: org.id } : null;
    }
  }
}

export function scopeName(directory: Directory, scope: Scope): string {
  if (scope.kind === 'team') return directory.teams.find((t) => t.id === scope.id)?.name ?? scope.id;
  return directory.organizations.find((o) => o.id === scope.id)?.name ?? scope.id;
}

/** Every scope the directory knows, for messages that list the valid choices. */
export function knownScopes(directory: Directory): Scope[] {
  return [
    ...directory.teams.map((t): Scope => ({ kind: 'team', id: t.id })),
    ...directory.organizations.map((o): Scope => ({ kind: o.kind === 'municipality' ? 'org' : 'association', id: o.id })),
  ];
}

export interface DigestRecipient {
  platform: Platform;
  userId: string;
  scopes: Scope[];
}

/**
 * One entry per person (platform + user id), with every scope they manage: team managers get
 * their teams, municipal organisation managers the organisation, association managers their association.
 */
export function digestRecipients(directory: Directory): DigestRecipient[] {
  const byPerson = new Map<string, DigestRecipient>();
  const add = (users: { slack: string[]; teams: string[] }, scope: Scope) => {
    for (const platform of ['slack', 'teams'] as const) {
      for (const userId of users[platform]) {
        const key = `${platform}/${userId}`;
        const recipient = byPerson.get(key) ?? { platform, userId, scopes: [] };
        if (!recipient.scopes.some((s) => s.kind === scope.kind && s.id === scope.id)) recipient.scopes.push(scope);
        byPerson.set(key, recipient);
      }
    }
  };
  for (const team of directory.teams) add(team.managers, { kind: 'team', id: team.id });
  for (const org of directory.organizations) {
    add(org.managers, org.kind === 'municipality' ? { kind: 'org', id: org.id } : { kind: 'association', id: org.id });
  }
  return [...byPerson.values()];
}
