/**
 * The privacy audit trail (GDPR art. 5(2) accountability, art. 30 records): one row per `privacy`
 * CLI command — who ran it, when, what kind of command — and the concerns it touched. Append-only,
 * like the event log. Search words are not kept (they are usually a resident's name); the number
 * of words and matches is.
 */
import type { Migration } from './migrations.js';

export const PRIVACY_AUDIT_MIGRATION: Migration = {
  id: 4,
  name: 'privacy_audit: who ran which privacy command on which concerns',
  statements: [
    `CREATE TABLE privacy_audit (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      os_user text NOT NULL,
      command text NOT NULL CHECK (command IN ('search', 'show', 'anonymise')),
      detail jsonb NOT NULL DEFAULT '{}'::jsonb
    )`,
    `CREATE TABLE privacy_audit_concerns (
      audit_id bigint NOT NULL REFERENCES privacy_audit (id),
      concern_id text NOT NULL REFERENCES concerns (id),
      PRIMARY KEY (audit_id, concern_id)
    )`,
    `CREATE INDEX privacy_audit_concerns_concern ON privacy_audit_concerns (concern_id, audit_id)`,
    `CREATE FUNCTION privacy_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the privacy audit trail is append-only';
    END
    $$`,
    `CREATE TRIGGER privacy_audit_append_only BEFORE UPDATE OR DELETE ON privacy_audit
      FOR EACH ROW EXECUTE FUNCTION privacy_audit_append_only()`,
    `CREATE TRIGGER privacy_audit_concerns_append_only BEFORE UPDATE OR DELETE ON privacy_audit_concerns
      FOR EACH ROW EXECUTE FUNCTION privacy_audit_append_only()`,
  ],
};
