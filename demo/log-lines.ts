/** The service logs JSON (pino); in the demo a warning reads better as one plain line. */

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export function readableLogLine(json: string): string {
  try {
    const entry = JSON.parse(json) as { level?: number; msg?: string; component?: string; platform?: string };
    const level = LEVELS[entry.level ?? 0] ?? 'log';
    const where = entry.component ?? entry.platform;
    return `  [service ${level}${where ? `, ${where}` : ''}] ${entry.msg ?? ''}`;
  } catch {
    return `  [service] ${json.trim()}`;
  }
}
