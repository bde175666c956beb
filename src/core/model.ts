import { z } from 'zod';

export const CATEGORIES = [
  'homelessness',
  'eviction_risk',
  'mental_health',
  'substance_use',
  'child_at_risk',
  'youth',
  'elderly_selfneglect',
  'neighbour_conflict',
  'integration',
  'other',
] as const;
export const categorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof categorySchema>;

export const URGENCIES = ['acute', 'high', 'normal', 'low'] as const;
export const urgencySchema = z.enum(URGENCIES);
export type Urgency = z.infer<typeof urgencySchema>;

export const PLATFORMS = ['slack', 'teams'] as const;
export const platformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof platformSchema>;

export const LOCALES = ['da', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** `waiting`: a responder asked the reporter a question; the team's clocks pause until the answer. */
export const CONCERN_STATES = ['open', 'acknowledged', 'waiting', 'resolved', 'withdrawn'] as const;
export type ConcernState = (typeof CONCERN_STATES)[number];

export const RESIDENT_KNOWS = ['yes', 'no', 'unknown'] as const;
export const residentKnowsSchema = z.enum(RESIDENT_KNOWS);
export type ResidentKnows = z.infer<typeof residentKnowsSchema>;

export const EVENT_TYPES = [
  'created',
  'routed',
  'notified',
  'escalated',
  'acknowledged',
  'replied',
  'noted',
  'info_added',
  'reassigned',
  'resolved',
  'withdrawn',
  'reopened',
  'anonymised',
  'asked',
  'answered',
  'feedback',
  /** The reporter offered a file or picture; it was not forwarded (privacy), only the offer is kept. */
  'file_offered',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What came of a resolved concern (DESIGN.md, Concern lifecycle: outcome ids). */
export const OUTCOMES = ['action_taken', 'referred', 'already_known', 'no_action_needed', 'declined', 'not_reachable', 'other'] as const;
export const outcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof outcomeSchema>;

/** A person as the other side sees them: name and organisation, plus how to reach them. */
export interface PersonRef {
  platform: Platform;
  userId: string;
  name: string;
  organizationId: string;
  locale: Locale;
}

/** Who made a change: a platform user, the service itself, or an administrator on the CLI (OS user or --actor). */
export type Actor = ({ kind: 'user' } & PersonRef) | { kind: 'system' } | { kind: 'administrator'; name: string };

export const SYSTEM: Actor = { kind: 'system' };

export interface Concern {
  id: string;
  ref: string;
  state: ConcernState;
  category: Category;
  urgency: Urgency;
  associationId: string;
  departmentId: string;
  districtId: string;
  address: string;
  description: string;
  residentKnows: ResidentKnows;
  reporter: PersonRef;
  teamId: string | null;
  escalationLevel: number;
  /** Incremented on every change; timers compare it to know whether the world moved on. */
  version: number;
  /** Bumped when the SLA clock (re)starts: at routing and on reassignment. */
  slaEpoch: number;
  acknowledgeDeadline: Date | null;
  createdAt: Date;
  updatedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: PersonRef | null;
  resolvedAt: Date | null;
  outcome: string | null;
  anonymisedAt: Date | null;
  /**
   * eviction_risk: the local date (YYYY-MM-DD) of the landlord's rent demand (påkrav), when the
   * reporter gave it; the last day to pay follows from the category's noticePeriodDays.
   */
  rentDemandDate?: string | null;
}

export interface ConcernEvent {
  id: number;
  concernId: string;
  type: EventType;
  actor: Actor;
  at: Date;
  /** Event-specific details: team ids, relayed text (already redacted), escalation step… */
  data: Record<string, unknown>;
}

/** The form a reporter fills in (Slack modal / Teams card), before validation. */
export const MAX_TEXT_LENGTH = 4000;
/**
 * A concern's description may be longer than other texts: it often starts as a long message in
 * the bot chat, and is stored whole. Slack shows it in 3000-character parts (inputs and sections),
 * Teams whole while the card stays under its size limit (adapters/teams/card-size.ts).
 */
export const MAX_DESCRIPTION_LENGTH = 10_000;
