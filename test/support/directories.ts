import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import type { Directory } from '../../src/core/directory.js';

/** The sample directory with second-scale wall-clock SLAs, so escalation can be watched in a test. */
export function fastSlaDirectory(seconds = 2): Directory {
  const directory = structuredClone(loadDirectoryOrThrow());
  for (const urgency of ['acute', 'high', 'normal', 'low'] as const) {
    directory.sla[urgency] = { acknowledgeWithin: `${seconds}s`, clock: 'wall' };
  }
  for (const rules of directory.categories) delete rules.sla;
  return directory;
}

/**
 * The sample directory with every team's Teams channel reached through `serviceUrl` (a local
 * Bot Connector such as test/fakes/bot-connector.ts) instead of Microsoft's.
 */
export function sampleDirectoryWithTeamsAt(serviceUrl: string): Directory {
  const directory = structuredClone(loadDirectoryOrThrow());
  for (const team of directory.teams) {
    if ('teams' in team.notify) team.notify.teams.serviceUrl = serviceUrl;
  }
  return directory;
}
