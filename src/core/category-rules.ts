/**
 * Per-category rules from the directory's optional `categories:` list (DESIGN.md): an SLA per
 * urgency, a retention period, the municipality's KLE code for the export, the text telling the
 * reporter whether the concern counts as a formal notification, and for `eviction_risk` the
 * notice period after a rent demand. A category without an entry follows the directory-wide rules.
 */
import type { CategoryRules, Directory, SlaEntry } from './directory.js';
import type { Category, Locale, Urgency } from './model.js';

export function categoryRules(directory: Pick<Directory, 'categories'>, category: Category): CategoryRules | undefined {
  return directory.categories.find((c) => c.id === category);
}

/**
 * The acknowledge target of a concern: the category's override of that urgency when it has one
 * (its clock, when left out, is the directory-wide clock of that urgency), else `sla[urgency]`.
 */
export function slaFor(directory: Pick<Directory, 'sla' | 'categories'>, category: Category, urgency: Urgency): SlaEntry {
  const base = directory.sla[urgency];
  const override = categoryRules(directory, category)?.sla?.[urgency];
  return override ? { acknowledgeWithin: override.acknowledgeWithin, clock: override.clock ?? base.clock } : base;
}

/** Days a closed concern's free text is kept: the category's `retentionDays`, else `fallbackDays`. */
export function retentionDaysFor(directory: Pick<Directory, 'categories'>, category: Category, fallbackDays: number): number {
  return categoryRules(directory, category)?.retentionDays ?? fallbackDays;
}

/**
 * The retention period of every category, for the nightly anonymisation: each category with its
 * own `retentionDays` (the rest follow RETENTION_DAYS).
 */
export function retentionPlan(directory: Pick<Directory, 'categories'>): { categories: Category[]; days: number }[] {
  const byDays = new Map<number, Category[]>();
  for (const rule of directory.categories) {
    if (rule.retentionDays === undefined) continue;
    byDays.set(rule.retentionDays, [...(byDays.get(rule.retentionDays) ?? []), rule.id]);
  }
  return [...byDays].map(([days, categories]) => ({ categories, days }));
}

/** The municipality's KLE code for a category (the Danish municipal subject classification); '' when none. */
export const kleFor = (directory: Pick<Directory, 'categories'>, category: Category): string =>
  categoryRules(directory, category)?.kle ?? '';

/** What the reporter is told about formal notification for this category, in their language. */
export const formalNoticeFor = (directory: Pick<Directory, 'categories'>, category: Category, locale: Locale): string | undefined =>
  categoryRules(directory, category)?.formalNotice?.[locale];
