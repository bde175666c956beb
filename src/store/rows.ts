/** Database rows and their mapping to the core's types. */
import type { StoredEffect } from '../core/ports.js';
import type {
  Actor,
  Category,
  Concern,
  ConcernEvent,
  ConcernState,
  EventType,
  PersonRef,
  ResidentKnows,
  Urgency,
} from '../core/model.js';

export interface ConcernRow {
  id: string;
  ref: string;
  state: string;
  category: string;
  urgency: string;
  association_id: string;
  department_id: string;
  district_id: string;
  address: string;
  description: string;
  resident_knows: string;
  reporter: PersonRef;
  team_id: string | null;
  escalation_level: number;
  version: number;
  sla_epoch: number;
  acknowledge_deadline: Date | null;
  created_at: Date;
  updated_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: PersonRef | null;
  resolved_at: Date | null;
  outcome: string | null;
  anonymised_at: Date | null;
  rent_demand_date: string | null;
}

export interface EventRow {
  id: number;
  concern_id: string;
  type: string;
  actor: Actor;
  at: Date;
  data: Record<string, unknown> | null;
}

export interface OutboxRow {
  id: number;
  queue: string;
  job_id: string;
  data: Record<string, unknown>;
  run_at: Date | null;
  created_at: Date;
}

/** Column list for concerns (the generated reporter columns stay internal). */
export const CONCERN_COLUMNS = `id, ref, state, category, urgency, association_id, department_id, district_id,
  address, description, resident_knows, reporter, team_id, escalation_level, version, sla_epoch,
  acknowledge_deadline, created_at, updated_at, acknowledged_at, acknowledged_by, resolved_at,
  outcome, anonymised_at, rent_demand_date`;

export function toConcern(row: ConcernRow): Concern {
  return {
    id: row.id,
    ref: row.ref,
    state: row.state as ConcernState,
    category: row.category as Category,
    urgency: row.urgency as Urgency,
    associationId: row.association_id,
    departmentId: row.department_id,
    districtId: row.district_id,
    address: row.address,
    description: row.description,
    residentKnows: row.resident_knows as ResidentKnows,
    reporter: row.reporter,
    teamId: row.team_id,
    escalationLevel: row.escalation_level,
    version: row.version,
    slaEpoch: row.sla_epoch,
    acknowledgeDeadline: row.acknowledge_deadline,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: row.resolved_at,
    outcome: row.outcome,
    anonymisedAt: row.anonymised_at,
    rentDemandDate: row.rent_demand_date,
  };
}

export function toEvent(row: EventRow): ConcernEvent {
  return {
    id: row.id,
    concernId: row.concern_id,
    type: row.type as EventType,
    actor: row.actor,
    at: row.at,
    data: row.data ?? {},
  };
}

export function toStoredEffect(row: OutboxRow): StoredEffect {
  return {
    id: row.id,
    queue: row.queue as StoredEffect['queue'],
    jobId: row.job_id,
    data: row.data,
    ...(row.run_at ? { runAt: row.run_at } : {}),
    createdAt: row.created_at,
  };
}
