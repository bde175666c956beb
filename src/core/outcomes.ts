/**
 * What resolving a concern led to: the outcome ids of DESIGN.md ("Concern lifecycle"), defined once
 * in model.ts (OUTCOMES) with their labels in loop-i18n.ts. The digest chart counts them per
 * category under these names.
 */
import { OUTCOMES, type Outcome } from './model.js';

export { outcomeLabel } from './loop-i18n.js';

/** The outcome ids in the order the resolve form and the digest list them. */
export const OUTCOME_IDS = OUTCOMES;
export type OutcomeId = Outcome;

export const isOutcomeId = (value: unknown): value is OutcomeId => (OUTCOME_IDS as readonly unknown[]).includes(value);
