/**
 * The bench's directory: the bundled sample (Nordfjord Kommune, teams on Slack and on Teams) with
 * every Teams channel's serviceUrl pointed at the local fake Bot Connector, written to a temp file
 * so child processes read it through DIRECTORY_FILE like a real deployment.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Directory } from '../../src/core/directory.js';
import { DEFAULT_DIRECTORY_FILE, loadDirectoryOrThrow } from '../../src/app/directory-file.js';

export interface BenchDirectory {
  file: string;
  directory: Directory;
  /** Slack reporters of the sample with their workspace and their association's departments. */
  reporters: { userId: string; teamId: string; departments: string[] }[];
  /** Team id → where its notifications go. */
  teamDestinations: Map<string, { platform: 'slack'; channel: string } | { platform: 'teams'; conversationId: string }>;
}

export interface DirectoryChanges {
  /** Replaces the acute acknowledge target (wall clock), e.g. "2h". */
  acuteAcknowledgeWithin?: string;
}

export function writeBenchDirectory(dir: string, connectorServiceUrl: string, changes: DirectoryChanges = {}): BenchDirectory {
  const raw = parse(readFileSync(DEFAULT_DIRECTORY_FILE, 'utf8')) as {
    teams: { notify: { teams?: { serviceUrl: string } }; quietHours?: string }[];
    sla: { acute: { acknowledgeWithin: string; clock?: string } };
  };
  for (const team of raw.teams) {
    if (team.notify.teams) team.notify.teams.serviceUrl = connectorServiceUrl;
    // The bench measures delivery at any hour; quiet hours would hold cards until the team opens.
    team.quietHours = 'send';
  }
  if (changes.acuteAcknowledgeWithin) raw.sla.acute = { acknowledgeWithin: changes.acuteAcknowledgeWithin, clock: 'wall' };
  const file = join(dir, 'directory.yaml');
  writeFileSync(file, stringify(raw));
  const directory = loadDirectoryOrThrow(file);

  const reporters: BenchDirectory['reporters'] = [];
  for (const org of directory.organizations) {
    const teamId = org.slack?.teamIds[0];
    if (org.kind !== 'association' || !teamId || org.departments.length === 0) continue;
    for (const userId of org.members.slack) reporters.push({ userId, teamId, departments: org.departments.map((d) => d.id) });
  }
  if (reporters.length === 0) throw new Error('the sample directory has no Slack reporters to send intake requests as');

  const teamDestinations: BenchDirectory['teamDestinations'] = new Map();
  for (const team of directory.teams) {
    teamDestinations.set(
      team.id,
      'slack' in team.notify
        ? { platform: 'slack', channel: team.notify.slack.channel }
        : { platform: 'teams', conversationId: team.notify.teams.conversationId },
    );
  }
  return { file, directory, reporters, teamDestinations };
}
