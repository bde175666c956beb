/**
 * The directory: who is who, which team gets what, and the promises (SLA) the municipality makes.
 * Parsed once at start from YAML (see src/app/directory-file.ts); this file owns its shape and the
 * cross-reference checks, so the CLI and start-up report the same problems.
 */
import { z } from 'zod';
import { categorySchema, urgencySchema } from './model.js';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - or _');

/** A clock time 00:00–23:59, or 24:00 as a closing time (midnight at the end of the day). */
const CLOCK = '(?:[01]\\d|2[0-3]):[0-5]\\d';
const INTERVAL = `${CLOCK}-(?:${CLOCK}|24:00)`;
/**
 * One or more opening intervals of a weekday, comma-separated and in order:
 * "08:00-15:30" or "08:00-12:00, 12:30-15:30" (lunch closure, split duty).
 */
export const OPENING_HOURS = new RegExp(`^\\s*${INTERVAL}(?:\\s*,\\s*${INTERVAL})*\\s*$`);
const openingHours = z.string().regex(OPENING_HOURS, 'must look like "08:00-15:30" or "08:00-12:00, 12:30-15:30"');

/** A closed day: `YYYY-MM-DD` (that date once) or `MM-DD` (that date every year). */
export const CLOSED_DAY = /^(\d{4}-)?\d{2}-\d{2}$/;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const durationSchema = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(s|m|h|d)$/, 'must be a duration like "15m", "1h" or "2d"');

const platformUsers = z
  .strictObject({
    slack: z.array(z.string().min(1)).default([]),
    teams: z.array(z.string().min(1)).default([]),
  })
  .default({ slack: [], teams: [] });

const departmentSchema = z.strictObject({ id: idSchema, name: z.string().min(1), district: idSchema });

const organizationSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  kind: z.enum(['association', 'municipality']),
  members: platformUsers,
  /** Association managers get the digest for their association (an extension of DESIGN.md). */
  managers: platformUsers,
  slack: z
    .strictObject({
      teamIds: z.array(z.string().min(1)).default([]),
      /** Enterprise Grid organisations (E…): every user of the organisation. */
      enterpriseIds: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  teams: z.strictObject({ tenantIds: z.array(z.string().min(1)).default([]) }).optional(),
  emailDomains: z.array(z.string().min(1)).default([]),
  departments: z.array(departmentSchema).default([]),
  /** Who a caretaker should ask for access; shown to unknown users. */
  contact: z.string().optional(),
});

const notifySchema = z.union([
  z.strictObject({ slack: z.strictObject({ channel: z.string().min(1) }) }),
  z.strictObject({
    teams: z.strictObject({
      conversationId: z.string().min(1),
      serviceUrl: z.url(),
      tenantId: z.string().min(1),
    }),
  }),
]);

/**
 * What happens to a non-acute team card raised while the municipality is closed: `hold` delivers
 * it at the team's next opening, `send` delivers it at once. Acute cards always go at once.
 */
export const QUIET_HOURS = ['hold', 'send'] as const;
export type QuietHours = (typeof QUIET_HOURS)[number];

const teamSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  organization: idSchema,
  notify: notifySchema,
  members: platformUsers,
  managers: platformUsers,
  backup: idSchema.optional(),
  quietHours: z.enum(QUIET_HOURS).default('hold'),
});

const routeSchema = z.union([
  z.strictObject({ category: categorySchema, district: idSchema.optional(), team: idSchema }),
  z.strictObject({ default: idSchema }),
]);

const slaClock = z.enum(['business', 'wall']);
const slaEntry = z.strictObject({
  acknowledgeWithin: durationSchema,
  clock: slaClock.default('business'),
});
/** A category's override of one urgency's SLA; a clock left out is the directory-wide one. */
const slaOverride = z.strictObject({ acknowledgeWithin: durationSchema, clock: slaClock.optional() });

const escalationStep = z.strictObject({
  at: z
    .union([z.number(), z.string().regex(/^\d+(\.\d+)?%$/, 'must be a percentage like "150%"')])
    .transform((v) => (typeof v === 'number' ? v : Number.parseFloat(v))),
  notify: z.enum(['team', 'backup', 'managers']),
});

const localized = z.strictObject({ da: z.string().min(1), en: z.string().min(1) });

/**
 * Per-category rules (all optional): SLA per urgency, retention, the municipality's KLE code for
 * the export, what the reporter is told about formal notification, and for `eviction_risk` the
 * days a tenant has to pay after a rent demand (påkrav; 14 in almenlejeloven § 90, stk. 2, the
 * period behind stk. 1, nr. 1: https://danskelove.dk/almenlejeloven/90; see eviction.ts).
 */
const categoryRulesSchema = z.strictObject({
  id: categorySchema,
  sla: z
    .strictObject({ acute: slaOverride.optional(), high: slaOverride.optional(), normal: slaOverride.optional(), low: slaOverride.optional() })
    .optional(),
  retentionDays: z.number().int().positive().optional(),
  kle: z.string().min(1).optional(),
  formalNotice: localized.optional(),
  noticePeriodDays: z.number().int().positive().optional(),
});

export const directorySchema = z.strictObject({
  municipality: z.strictObject({
    name: z.string().min(1),
    timezone: z.string().default('Europe/Copenhagen'),
    holidays: z.string().default('DK'),
    language: z.enum(['da', 'en']).default('da'),
    businessHours: z.partialRecord(z.enum(WEEKDAYS), openingHours),
    /**
     * Extra closed days: `YYYY-MM-DD` once, `MM-DD` every year (e.g. "12-24", "06-05" for
     * Grundlovsdag, which are not public holidays in date-holidays' DK calendar).
     */
    closedDays: z.array(z.string().regex(CLOSED_DAY, 'must be a date like "2026-12-24" (once) or "12-24" (every year)')).default([]),
    outOfHours: localized,
    childNotificationUrl: z.url(),
    /** Days after a resolution within which the reporter may reopen the concern (DESIGN.md). */
    reopenWithinDays: z.number().int().min(0).default(14),
  }),
  organizations: z.array(organizationSchema).min(1),
  districts: z.array(z.strictObject({ id: idSchema, name: z.string().min(1) })).min(1),
  teams: z.array(teamSchema).min(1),
  routes: z.array(routeSchema).min(1),
  sla: z.strictObject({ acute: slaEntry, high: slaEntry, normal: slaEntry, low: slaEntry }),
  categories: z.array(categoryRulesSchema).default([]),
  escalation: z
    .array(escalationStep)
    .default([
      { at: 100, notify: 'team' },
      { at: 150, notify: 'backup' },
      { at: 200, notify: 'managers' },
    ]),
  digest: z.strictObject({ cron: z.string().default('30 7 * * 1') }).default({ cron: '30 7 * * 1' }),
  retention: z.strictObject({ days: z.number().int().positive().optional() }).optional(),
  /** The public pages GET /privacy and /terms (linked from the Teams app package); defaults when left out. */
  pages: z.strictObject({ privacy: localized.optional(), terms: localized.optional() }).optional(),
});

export type Directory = z.infer<typeof directorySchema>;
export type DirectoryInput = z.input<typeof directorySchema>;
export type Organization = Directory['organizations'][number];
export type Department = Organization['departments'][number];
export type Team = Directory['teams'][number];
export type Route = Directory['routes'][number];
export type SlaEntry = Directory['sla'][keyof Directory['sla']];
export type EscalationStep = Directory['escalation'][number];
export type CategoryRules = Directory['categories'][number];

export { urgencySchema };
