/**
 * Durations as the directory writes them: "30s", "15m", "1h", "1.5h", "2d".
 * The text shape is validated by `durationSchema` in directory.ts; this file turns it into numbers.
 */
import { durationSchema } from './directory.js';

export type DurationUnit = 's' | 'm' | 'h' | 'd';

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

const MINUTES_PER_UNIT: Record<DurationUnit, number> = { s: 1 / 60, m: 1, h: 60, d: 24 * 60 };

export function parseDuration(text: string): Duration {
  const checked = durationSchema.safeParse(text.trim());
  const match = checked.success ? /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(checked.data) : null;
  if (!match) throw new RangeError(`"${text}" is not a duration like "15m", "1h" or "2d"`);
  return { amount: Number.parseFloat(match[1] ?? ''), unit: match[2] as DurationUnit };
}

/** Length in minutes on a wall clock, where a day is 24 hours. */
export function durationMinutes(duration: Duration | string): number {
  const d = typeof duration === 'string' ? parseDuration(duration) : duration;
  return d.amount * MINUTES_PER_UNIT[d.unit];
}
