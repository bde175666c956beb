import { loadDirectoryOrThrow } from '../../src/directory/load.js';
import type { Directory } from '../../src/core/directory.js';

/** The sample directory with second-scale wall-clock SLAs, so escalation can be watched in a test. */
export function fastSlaDirectory(seconds = 2): Directory {
  const directory = structuredClone(loadDirectoryOrThrow());
  for (const urgency of ['acute', 'high', 'normal', 'low'] as const) {
    directory.sla[urgency] = { acknowledgeWithin: `${seconds}s`, clock: 'wall' };
  }
  return directory;
}
