/**
 * Stored digests: the figures of a finished week are computed once per query (scope and week)
 * and kept in digest_snapshots, so opening the App Home or asking for last week's digest reads
 * one row instead of aggregating the week's concerns again (429 ms at 100,000 concerns, issue 14).
 * The running week is always computed. The Monday job computes (and so stores) each manager's
 * digest right after bringing response times up to date; whoever asks first otherwise.
 */
import { createHash } from 'node:crypto';
import type { DigestFigures, DigestQuery, DigestSource } from '../core/digest/report.js';
import type { Sql } from './sql.js';
import { json } from './sql.js';

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const reviveDates = (_key: string, value: unknown) => (typeof value === 'string' && ISO_INSTANT.test(value) ? new Date(value) : value);

/** Everything the figures depend on except asOf, which for a finished week is cut at its end. */
function keyOf(query: DigestQuery): string {
  const { asOf: _asOf, ...rest } = query;
  return createHash('sha256').update(JSON.stringify(rest)).digest('base64url');
}

/** `source` with the figures of finished weeks (end ≤ asOf) stored on first use and read after. */
export function storedDigestSource(sql: Sql, source: DigestSource): DigestSource {
  return {
    async figures(query) {
      const last = query.weeks[query.weeks.length - 1];
      if (!last || last.end > query.asOf) return source.figures(query);
      const key = keyOf(query);
      const [stored] = await sql.query<{ figures: unknown }>('SELECT figures FROM digest_snapshots WHERE key = $1', [key]);
      if (stored) return JSON.parse(JSON.stringify(stored.figures), reviveDates) as DigestFigures;
      const figures = await source.figures(query);
      await sql.query(
        `INSERT INTO digest_snapshots (key, week, figures) VALUES ($1, $2, $3::jsonb) ON CONFLICT (key) DO NOTHING`,
        [key, last.label, json(figures)],
      );
      return figures;
    },
  };
}
