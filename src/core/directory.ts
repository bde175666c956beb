/**
 * The directory: who is who, which team gets what, and the promises (SLA) the municipality makes.
 * Parsed once at start from YAML (see src/app/directory-file.ts); this file owns its shape and the
 * cross-reference checks, so the CLI and start-up report the same problems.
 */
import { z } from 'zod';
import { categorySchema, urgencySchema } from './model.js';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - or _');
const timeRange = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'must look like "08:00-15:30"');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const durationSchema = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(s|m|h|d)$/, 'must be a duration like "15m", "1h" or "2d"');

const platformUsers = z
  .object({
    slack: z.array(z.string().min(1)).default([]),
    teams: z.array(z.string().min(1)).default([]),
  })
  .default({ slack: [], teams: [] });

const departmentSchema = z.object({ id: idSchema, name: z.string().min(1), district: idSchema });

const organizationSchema = z.object({
  id: idSchema,
  name: z.string().min(1),
  kind: z.enum(['association', 'municipality']),
  members: platformUsers,
  /** Association managers get the digest for their association (an extension of DESIGN.md). */
  managers: platformUsers,
  slack: z.object({ teamIds: z.array(z.string().min(1)).default([]) }).optional(),
  teams: z.object({ tenantIds: z.array(z.string().min(1)).default([]) }).optional(),
  emailDomains: z.array(z.string().min(1)).default([]),
  departments: z.array(departmentSchema).default([]),
  /** Who a caretaker should ask for access; shown to unknown users. */
  contact: z.string().optional(),
});

const notifySchema = z.union([
  z.object({ slack: z.object({ channel: z.string().min(1) }) }).strict(),
  z
    .object({
      teams: z.object({
        conversationId: z.string().min(1),
        serviceUrl: z.url(),
        tenantId: z.string().min(1),
      }),
    })
    .strict(),
]);

const teamSchema = z.object({
  id: idSchema,
  name: z.string().min(1),
  organization: idSchema,
  notify: notifySchema,
  members: platformUsers,
  managers: platformUsers,
  backup: idSchema.optional(),
});

const routeSchema = z.union([
  z.object({ category: categorySchema, district: idSchema.optional(), team: idSchema }).strict(),
  z.object({ default: idSchema }).strict(),
]);

const slaEntry = z.object({
  acknowledgeWithin: durationSchema,
  clock: z.enum(['business', 'wall']).default('business'),
});

const escalationStep = z.object({
  at: z
    .union([z.number(), z.string().regex(/^\d+(\.\d+)?%$/, 'must be a percentage like "150%"')])
    .transform((v) => (typeof v === 'number' ? v : Number.parseFloat(v))),
  notify: z.enum(['team', 'backup', 'managers']),
});

const localized = z.object({ da: z.string().min(1), en: z.string().min(1) });

export const directorySchema = z.object({
  municipality: z.object({
    name: z.string().min(1),
    timezone: z.string().default('Europe/Copenhagen'),
    holidays: z.string().default('DK'),
    language: z.enum(['da', 'en']).default('da'),
    businessHours: z.partialRecord(z.enum(WEEKDAYS), timeRange),
    /** Extra closed days (YYYY-MM-DD), e.g. Grundlovsdag or 24 December where the municipality closes. */
    closedDays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
    outOfHours: localized,
    childNotificationUrl: z.url(),
    /** Days after a resolution within which the reporter may reopen the concern (DESIGN.md). */
    reopenWithinDays: z.number().int().min(0).default(14),
  }),
  organizations: z.array(organizationSchema).min(1),
  districts: z.array(z.object({ id: idSchema, name: z.string().min(1) })).min(1),
  teams: z.array(teamSchema).min(1),
  routes: z.array(routeSchema).min(1),
  sla: z.object({ acute: slaEntry, high: slaEntry, normal: slaEntry, low: slaEntry }),
  escalation: z
    .array(escalationStep)
    .default([
      { at: 100, notify: 'team' },
      { at: 150, notify: 'backup' },
      { at: 200, notify: 'managers' },
    ]),
  digest: z.object({ cron: z.string().default('30 7 * * 1') }).default({ cron: '30 7 * * 1' }),
  retention: z.object({ days: z.number().int().positive().optional() }).optional(),
});

export type Directory = z.infer<typeof directorySchema>;
export type DirectoryInput = z.input<typeof directorySchema>;
export type Organization = Directory['organizations'][number];
export type Department = Organization['departments'][number];
export type Team = Directory['teams'][number];
export type Route = Directory['routes'][number];
export type SlaEntry = Directory['sla'][keyof Directory['sla']];
export type EscalationStep = Directory['escalation'][number];

export { urgencySchema };
