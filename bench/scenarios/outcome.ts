import type { ScenarioReport } from '../lib/report.js';

/** What a scenario returns; the runner adds id, name and the time it took. */
export type ScenarioOutcome = Pick<ScenarioReport, 'status' | 'note' | 'rows' | 'data'>;
