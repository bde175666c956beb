/**
 * Ordered schema migrations, applied once each and recorded in schema_migrations. They run in one
 * transaction under an advisory lock, so several processes starting together apply them once.
 * Never edit a released migration: add the next one.
 */
import { FOOTPRINT_MIGRATION } from './migrations-footprint.js';
import type { Sql, SqlTx } from './sql.js';
import { SCHEMA_NAME } from './sql.js';
import { PRIVACY_AUDIT_MIGRATION } from './privacy-audit-migration.js';

export interface Migration {
  id: number;
  name: string;
  /** One SQL statement each (PGlite's extended protocol takes one statement per query). */
  statements: string[];
}

/** Namespace of this application's advisory locks (first key of the two-int form). */
export const LOCK_NAMESPACE = 0x42_42;
export const MIGRATION_LOCK = 1;

export const MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'concerns, events, references, outbox, message and conversation refs',
    statements: [
      `CREATE TABLE concerns (
        id text PRIMARY KEY,
        ref text NOT NULL UNIQUE,
        state text NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved', 'withdrawn')),
        category text NOT NULL,
        urgency text NOT NULL,
        association_id text NOT NULL,
        department_id text NOT NULL,
        district_id text NOT NULL,
        address text NOT NULL,
        description text NOT NULL,
        resident_knows text NOT NULL,
        reporter jsonb NOT NULL,
        reporter_platform text GENERATED ALWAYS AS (reporter ->> 'platform') STORED,
        reporter_user_id text GENERATED ALWAYS AS (reporter ->> 'userId') STORED,
        team_id text,
        escalation_level integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        sla_epoch integer NOT NULL DEFAULT 0,
        acknowledge_deadline timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by jsonb,
        resolved_at timestamptz,
        outcome text,
        anonymised_at timestamptz,
        dedupe_key text UNIQUE
      )`,
      `CREATE INDEX concerns_team ON concerns (team_id, state, created_at)`,
      `CREATE INDEX concerns_association ON concerns (association_id, state, created_at)`,
      `CREATE INDEX concerns_reporter ON concerns (reporter_user_id, created_at)`,
      `CREATE INDEX concerns_state ON concerns (state, created_at)`,
      `CREATE INDEX concerns_created ON concerns (created_at)`,
      `CREATE TABLE concern_events (
        id bigserial PRIMARY KEY,
        concern_id text NOT NULL REFERENCES concerns (id),
        type text NOT NULL,
        actor jsonb NOT NULL,
        at timestamptz NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb
      )`,
      `CREATE INDEX concern_events_concern ON concern_events (concern_id, id)`,
      `CREATE INDEX concern_events_at ON concern_events (at)`,
      `CREATE INDEX concern_events_type_at ON concern_events (type, at)`,
      // The event log is the evidence behind response times: only anonymisation may touch it.
      `CREATE FUNCTION concern_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'concern_events is append-only';
        END IF;
        IF NEW.id IS DISTINCT FROM OLD.id OR NEW.concern_id IS DISTINCT FROM OLD.concern_id
           OR NEW.type IS DISTINCT FROM OLD.type OR NEW.actor IS DISTINCT FROM OLD.actor
           OR NEW.at IS DISTINCT FROM OLD.at THEN
          RAISE EXCEPTION 'concern_events is append-only: only data may be anonymised';
        END IF;
        RETURN NEW;
      END
      $$`,
      `CREATE TRIGGER concern_events_append_only BEFORE UPDATE OR DELETE ON concern_events
        FOR EACH ROW EXECUTE FUNCTION concern_events_append_only()`,
      `CREATE TABLE reference_counters (
        year integer PRIMARY KEY,
        last_number integer NOT NULL
      )`,
      `CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        job_id text NOT NULL UNIQUE,
        data jsonb NOT NULL,
        run_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz
      )`,
      `CREATE INDEX outbox_pending ON outbox (id) WHERE dispatched_at IS NULL`,
      `CREATE TABLE message_refs (
        concern_id text NOT NULL REFERENCES concerns (id),
        purpose text NOT NULL,
        target_key text NOT NULL,
        ref jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (concern_id, purpose, target_key)
      )`,
      `CREATE TABLE conversation_refs (
        platform text NOT NULL,
        user_id text NOT NULL,
        ref jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (platform, user_id)
      )`,
    ],
  },
  {
    id: 2,
    name: 'concern_metrics: response times per concern, and indexes for the weekly digest',
    statements: [
      // Business minutes need the municipality's calendar, which SQL does not have: they are
      // computed per concern when it changes (src/store/response-times.ts) and kept here.
      `CREATE TABLE concern_metrics (
        concern_id text PRIMARY KEY REFERENCES concerns (id),
        concern_version integer NOT NULL,
        sla_clock text NOT NULL CHECK (sla_clock IN ('business', 'wall')),
        routed_at timestamptz,
        acknowledged_minutes_wall double precision,
        acknowledged_minutes_business double precision,
        first_reply_at timestamptz,
        first_reply_minutes_wall double precision,
        first_reply_minutes_business double precision,
        resolved_minutes_wall double precision,
        resolved_minutes_business double precision,
        ack_within_sla boolean,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX concerns_acknowledged ON concerns (acknowledged_at) WHERE acknowledged_at IS NOT NULL`,
      `CREATE INDEX concerns_resolved ON concerns (resolved_at) WHERE resolved_at IS NOT NULL`,
      `CREATE INDEX concerns_unresolved ON concerns (created_at) WHERE resolved_at IS NULL`,
    ],
  },
  {
    id: 3,
    name: 'delivery: deliveries (every message owed, with state and history)',
    statements: [
      // One row per message owed (DESIGN.md "Deliveries"); id is the effect's deterministic key.
      `CREATE TABLE deliveries (
        id text PRIMARY KEY,
        concern_id text REFERENCES concerns (id),
        kind text NOT NULL,
        data jsonb NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'waiting', 'failed')),
        platform text,
        reason text,
        attempts integer NOT NULL DEFAULT 0,
        due_at timestamptz,
        queued boolean NOT NULL DEFAULT false,
        message_ref jsonb,
        history jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX deliveries_unqueued ON deliveries (created_at) WHERE NOT queued AND state IN ('pending', 'waiting')`,
      `CREATE INDEX deliveries_unfinished ON deliveries (id) WHERE state IN ('pending', 'waiting')`,
      `CREATE INDEX deliveries_concern ON deliveries (concern_id)`,
      `CREATE INDEX concerns_open ON concerns (id) WHERE state = 'open'`,
    ],
  },
  PRIVACY_AUDIT_MIGRATION,
  {
    id: 5,
    name: 'concerns.rent_demand_date: the date of the rent demand (påkrav) of an eviction-risk concern',
    statements: [
      // A local calendar date as written (YYYY-MM-DD), not an instant: text, so no driver shifts it by a time zone.
      `ALTER TABLE concerns ADD COLUMN rent_demand_date text CHECK (rent_demand_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')`,
    ],
  },
  FOOTPRINT_MIGRATION,
  {
    // Issue 16 (helper "loop"): id 16 so parallel branches' new migrations do not collide.
    id: 16,
    name: 'loop: waiting state, time waiting for the reporter',
    statements: [
      `ALTER TABLE concerns DROP CONSTRAINT IF EXISTS concerns_state_check`,
      `ALTER TABLE concerns ADD CONSTRAINT concerns_state_check CHECK (state IN ('open', 'acknowledged', 'waiting', 'resolved', 'withdrawn'))`,
      `ALTER TABLE concern_metrics ADD COLUMN waiting_minutes_wall double precision`,
      `ALTER TABLE concern_metrics ADD COLUMN waiting_minutes_business double precision`,
    ],
  },
];

export interface MigrationOptions {
  /** Created when missing (PostgreSQL with a schema of its own). */
  schema?: string;
  migrations?: Migration[];
}

/** Applies the migrations not yet recorded; returns the ids it applied. */
export async function runMigrations(sql: Sql, options: MigrationOptions = {}): Promise<number[]> {
  const migrations = [...(options.migrations ?? MIGRATIONS)].sort((a, b) => a.id - b.id);
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, MIGRATION_LOCK]);
    if (options.schema !== undefined) {
      if (!SCHEMA_NAME.test(options.schema)) throw new Error(`Invalid schema name "${options.schema}"`);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
    }
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = new Set(
      (await tx.query<{ id: number }>('SELECT id FROM schema_migrations')).map((row) => row.id),
    );
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      await apply(tx, migration);
      done.push(migration.id);
    }
    return done;
  });
}

async function apply(tx: SqlTx, migration: Migration): Promise<void> {
  for (const statement of migration.statements) await tx.query(statement);
  await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
}
