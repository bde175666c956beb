/**
 * Intake: pre-filling the form from free text, validating a submission, and what the reporter is
 * told when it is recorded (reference, team, expected acknowledgement, 112 / duty-to-notify guidance).
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { IntakeChoices, IntakeField, IntakePrefill, IntakeResult } from './api.js';
import { formalNoticeFor, slaFor } from './category-rules.js';
import { classify } from './classification.js';
import { findTeam, type CoreContext } from './context.js';
import { acknowledgeDeadline } from './deadline.js';
import { daysLeftToPay, evictionUrgency, formatLastDay, lastDayToPay, URGENT_DAYS_LEFT } from './eviction.js';
import { notifyEffect } from './effects.js';
import { armEscalation } from './escalation.js';
import type { Identity } from './identity.js';
import { categoryLabel, residentKnowsLabel, t, urgencyLabel } from './i18n.js';
import type { MessageBlock, NeutralMessage } from './messages.js';
import {
  CATEGORIES,
  MAX_DESCRIPTION_LENGTH,
  RESIDENT_KNOWS,
  SYSTEM,
  URGENCIES,
  type Category,
  type Concern,
  type Locale,
  type Urgency,
} from './model.js';
import { redactCpr } from './redaction.js';
import { addRedactions, redactionNotice, type RedactionSummary } from './redaction-notice.js';
import { holdTeamCard, teamCardReleaseAt } from './quiet-hours.js';
import { routeConcern } from './routing.js';
import { formatDeadline, formatMoment } from './time-format.js';
import { reporterActions, textMessage } from './render.js';

export function intakeChoices(identity: Identity): IntakeChoices {
  const locale = identity.person.locale;
  return {
    categories: CATEGORIES.map((c) => ({ value: c, label: categoryLabel(locale, c) })),
    urgencies: URGENCIES.map((u) => ({ value: u, label: urgencyLabel(locale, u) })),
    departments: identity.organization.departments.map((d) => ({ value: d.id, label: d.name })),
    residentKnows: RESIDENT_KNOWS.map((r) => ({ value: r, label: residentKnowsLabel(locale, r) })),
  };
}

export function prefill(identity: Identity, text: string): IntakePrefill {
  const redaction = redactCpr(text.trim());
  const clean = redaction.text;
  const suggestion = classify(clean);
  const notice = redactionNotice(identity.person.locale, redaction);
  return {
    category: suggestion.category,
    urgency: suggestion.urgency,
    // Whole, even past the limit: the form says it is too long rather than cutting it silently.
    description: clean,
    redacted: redaction.redacted,
    notice: notice ? textMessage(notice) : null,
  };
}

const optionalString = z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().optional());

const rawForm = z.object({
  category: optionalString,
  departmentId: optionalString,
  address: optionalString,
  urgency: optionalString,
  description: optionalString,
  residentKnows: optionalString,
  rentDemandDate: optionalString,
});

export interface ValidIntake {
  category: Category;
  urgency: Urgency;
  departmentId: string;
  districtId: string;
  address: string;
  description: string;
  residentKnows: (typeof RESIDENT_KNOWS)[number];
  /** eviction_risk only: the rent demand's local date, YYYY-MM-DD. */
  rentDemandDate: string | null;
  redacted: boolean;
  /** What was removed from description and address together, for the writer's notice. */
  redaction: RedactionSummary;
}

const MAX_ADDRESS = 200;

/**
 * Checks a submitted intake form. `today` (the municipality's local date, YYYY-MM-DD) bounds the
 * rent-demand date, which is kept for eviction_risk only.
 */
export function validateIntake(
  identity: Identity,
  form: Record<string, unknown>,
  today?: string,
): { ok: true; value: ValidIntake } | { ok: false; fieldErrors: Partial<Record<IntakeField, string>> } {
  const locale = identity.person.locale;
  const parsed = rawForm.safeParse(form);
  const values = parsed.success ? parsed.data : {};
  const errors: Partial<Record<IntakeField, string>> = {};
  const required = (field: IntakeField, value: string | undefined): value is string => {
    if (!value) errors[field] = t(locale, 'error.required');
    return !!value;
  };
  const oneOf = <T extends string>(field: IntakeField, value: string | undefined, allowed: readonly T[]): T | undefined => {
    if (!required(field, value)) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      errors[field] = t(locale, 'error.unknownChoice');
      return undefined;
    }
    return value as T;
  };
  const tooLong = (field: IntakeField, value: string | undefined, max: number) => {
    if (value && value.length > max) errors[field] = t(locale, 'error.tooLong', { max, length: value.length });
  };

  const category = oneOf('category', values.category, CATEGORIES);
  const urgency = oneOf('urgency', values.urgency, URGENCIES);
  const residentKnows = oneOf('residentKnows', values.residentKnows ?? 'unknown', RESIDENT_KNOWS);
  const department = identity.organization.departments.find((d) => d.id === values.departmentId);
  if (required('departmentId', values.departmentId) && !department) errors.departmentId = t(locale, 'error.notYourDepartment');
  required('address', values.address);
  tooLong('address', values.address, MAX_ADDRESS);
  required('description', values.description);
  tooLong('description', values.description, MAX_DESCRIPTION_LENGTH);
  const rentDemandDate = category === 'eviction_risk' ? checkRentDemandDate(values.rentDemandDate, today, errors, locale) : null;

  if (Object.keys(errors).length > 0 || !category || !urgency || !residentKnows || !department) {
    return { ok: false, fieldErrors: errors };
  }
  const description = redactCpr(values.description ?? '');
  const address = redactCpr(values.address ?? '');
  return {
    ok: true,
    value: {
      category,
      urgency,
      residentKnows,
      rentDemandDate,
      departmentId: department.id,
      districtId: department.district,
      description: description.text,
      address: address.text,
      redacted: description.redacted || address.redacted,
      redaction: addRedactions(description, address),
    },
  };
}

function checkRentDemandDate(
  value: string | undefined,
  today: string | undefined,
  errors: Partial<Record<IntakeField, string>>,
  locale: Locale,
): string | null {
  if (!value) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value).isValid) {
    errors.rentDemandDate = t(locale, 'error.rentDemandDate.invalid');
  } else if (today && value > today) {
    errors.rentDemandDate = t(locale, 'error.rentDemandDate.future');
  }
  return value;
}

export async function submitIntake(
  ctx: CoreContext,
  identity: Identity,
  form: Record<string, unknown>,
  dedupeKey?: string,
): Promise<IntakeResult> {
  const locale = identity.person.locale;
  if (!identity.isReporter) return { kind: 'refused', reply: textMessage(t(locale, 'error.notReporter')) };
  const now = ctx.clock.now();
  const today = DateTime.fromJSDate(now, { zone: ctx.directory.municipality.timezone }).toISODate() ?? undefined;
  const checked = validateIntake(identity, form, today);
  if (!checked.ok) return { kind: 'invalid', fieldErrors: checked.fieldErrors };
  const v = checked.value;
  // A rent demand with 5 days or less left to pay makes the concern at least high (eviction.ts).
  const urgency = evictionUrgency(v.urgency, daysLeftToPay(ctx.directory, v, now));
  const id = ctx.newId();
  // Routed in the same transaction: one database round trip, no route job (DESIGN.md "Deliveries").
  const teamId = routeConcern(ctx.directory, v.category, v.districtId);
  const deadline = acknowledgeDeadline(ctx.calendar, now, slaFor(ctx.directory, v.category, urgency));
  const team = findTeam(ctx.directory, teamId);
  // Quiet hours: a non-acute card raised out of hours reaches the team at its next opening.
  const releaseAt = team ? teamCardReleaseAt(ctx.calendar, { urgency, createdAt: now }, team, now) : now;
  const seq = 1;
  const { concern, created } = await ctx.store.createConcern(
    {
      id,
      category: v.category,
      urgency,
      associationId: identity.organization.id,
      departmentId: v.departmentId,
      districtId: v.districtId,
      address: v.address,
      description: v.description,
      residentKnows: v.residentKnows,
      reporter: identity.person,
      createdAt: now,
      rentDemandDate: v.rentDemandDate,
      teamId,
      acknowledgeDeadline: deadline,
      slaEpoch: 1,
    },
    [
      {
        type: 'created',
        actor: { kind: 'user', ...identity.person },
        at: now,
        data: {
          category: v.category,
          urgency,
          districtId: v.districtId,
          redacted: v.redacted,
          ...(urgency !== v.urgency ? { urgencyChosen: v.urgency } : {}),
        },
      },
      { type: 'routed', actor: SYSTEM, at: now, data: { seq, teamId, deadline: deadline.toISOString() } },
      // The message that began the form came with a file, which was not forwarded (privacy).
      ...(form.filesOffered === true || form.filesOffered === 'true'
        ? [{ type: 'file_offered' as const, actor: { kind: 'user' as const, ...identity.person }, at: now, data: { seq, teamId } }]
        : []),
    ],
    [
      holdTeamCard(notifyEffect({ concernId: id, kind: 'team_card', seq, teamId }, seq), releaseAt, now),
      ...armEscalation(ctx, { id, category: v.category, urgency, slaEpoch: 1 }, now),
    ],
    dedupeKey,
  );
  if (created) ctx.kick();
  return {
    kind: created ? 'created' : 'duplicate',
    concern,
    reply: confirmation(ctx, concern, locale, created, v.redaction),
  };
}

/** What the reporter reads right after submitting: guidance first, then where it went and when. */
export function confirmation(
  ctx: CoreContext,
  concern: Concern,
  locale: Locale,
  created: boolean,
  /** What was removed from the writer's text (true: one CPR number), for the notice. */
  redaction: boolean | RedactionSummary,
): NeutralMessage {
  const { directory, calendar, clock } = ctx;
  const municipality = directory.municipality;
  const now = clock.now();
  const open = calendar.isOpen(now);
  const blocks: MessageBlock[] = [];
  if (concern.urgency === 'acute') blocks.push({ kind: 'text', text: t(locale, 'guidance.acute') });
  if (concern.category === 'child_at_risk') {
    blocks.push({ kind: 'text', text: t(locale, 'guidance.child') });
    blocks.push({ kind: 'link', label: t(locale, 'guidance.child.link'), url: municipality.childNotificationUrl });
    if (!open) blocks.push({ kind: 'text', text: t(locale, 'guidance.child.outOfHours') });
  }
  const teamId = concern.teamId ?? routeConcern(directory, concern.category, concern.districtId);
  const team = findTeam(directory, teamId);
  const params = { ref: concern.ref, team: team?.name ?? teamId };
  const headline = t(locale, created ? 'confirm.created' : 'confirm.duplicate', params);
  blocks.push({ kind: 'text', text: headline });
  const formalNotice = formalNoticeFor(directory, concern.category, locale);
  if (formalNotice) blocks.push({ kind: 'text', text: formalNotice });
  blocks.push(...evictionLines(ctx, concern, locale));
  const sla = slaFor(directory, concern.category, concern.urgency);
  const deadline = concern.acknowledgeDeadline ?? acknowledgeDeadline(calendar, concern.createdAt, sla);
  blocks.push({ kind: 'text', text: t(locale, 'confirm.expected', { when: formatDeadline(locale, deadline, now, municipality.timezone) }) });
  if (!open) {
    blocks.push({ kind: 'text', text: t(locale, 'guidance.outOfHours', { guidance: municipality.outOfHours[locale] }) });
    if (concern.urgency !== 'acute' && team) {
      // When the team sees it: at its next opening unless its quiet hours are `send` (quiet-hours.ts).
      const release = teamCardReleaseAt(calendar, concern, team, now);
      blocks.push({
        kind: 'text',
        text: release > now
          ? t(locale, 'guidance.outOfHours.seenAt', { when: formatMoment(locale, release, now, municipality.timezone) })
          : t(locale, 'guidance.outOfHours.sentNow'),
      });
    }
  }
  const summary = typeof redaction === 'boolean' ? { count: redaction ? 1 : 0, inLongerNumber: 0 } : redaction;
  const notice = redactionNotice(locale, summary);
  if (notice) blocks.push({ kind: 'context', text: notice });
  blocks.push(...reporterActions(locale, concern));
  return { summary: headline, blocks };
}

/** The last day to pay of an eviction-risk concern, and why its urgency was raised. */
function evictionLines(ctx: CoreContext, concern: Concern, locale: Locale): MessageBlock[] {
  const last = lastDayToPay(ctx.directory, concern);
  if (!last) return [];
  const lines: MessageBlock[] = [{ kind: 'text', text: t(locale, 'eviction.lastDayToPay', { date: formatLastDay(last, locale) }) }];
  const daysLeft = daysLeftToPay(ctx.directory, concern, concern.createdAt);
  if (daysLeft !== null && daysLeft <= URGENT_DAYS_LEFT && concern.urgency === 'high') {
    lines.push({ kind: 'text', text: t(locale, 'eviction.raised', { urgency: urgencyLabel(locale, 'high'), days: URGENT_DAYS_LEFT }) });
  }
  return lines;
}
