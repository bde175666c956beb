/**
 * What resolving a concern led to: the outcome ids of DESIGN.md ("Concern lifecycle"). The
 * resolve form offers exactly these (option values = ids); the digest counts them per category.
 */
import type { Locale } from './model.js';

export const OUTCOME_IDS = ['action_taken', 'referred', 'already_known', 'no_action_needed', 'declined', 'not_reachable', 'other'] as const;
export type OutcomeId = (typeof OUTCOME_IDS)[number];

export const isOutcomeId = (value: unknown): value is OutcomeId => (OUTCOME_IDS as readonly unknown[]).includes(value);

const LABELS: Record<Locale, Record<OutcomeId, string>> = {
  da: {
    action_taken: 'Handlet',
    referred: 'Henvist',
    already_known: 'Allerede kendt',
    no_action_needed: 'Ingen handling nødvendig',
    declined: 'Afvist',
    not_reachable: 'Ikke truffet',
    other: 'Andet',
  },
  en: {
    action_taken: 'Action taken',
    referred: 'Referred',
    already_known: 'Already known',
    no_action_needed: 'No action needed',
    declined: 'Declined',
    not_reachable: 'Not reachable',
    other: 'Other',
  },
};

export const outcomeLabel = (locale: Locale, outcome: OutcomeId): string => LABELS[locale][outcome];
