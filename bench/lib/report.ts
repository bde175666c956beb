/** The bench's result shape, the printed table and the JSON file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Row {
  metric: string;
  /** What Brobygger measured. */
  value: string;
  baseline?: string;
  /** value ÷ baseline, e.g. "3.2×". */
  ratio?: string;
}

export interface ScenarioReport {
  id: number;
  name: string;
  status: 'ok' | 'skipped' | 'failed';
  /** Why it was skipped or failed, or what to keep in mind when reading it. */
  note?: string;
  seconds: number;
  rows: Row[];
  /** Everything measured, for the JSON file. */
  data: Record<string, unknown>;
}

export const ms = (value: number | null | undefined): string => (value === null || value === undefined ? '–' : `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`);
export const times = (value: number | null | undefined): string => (value === null || value === undefined ? '–' : `${value.toFixed(1)}×`);
export const mib = (bytes: number | null | undefined): string => (bytes === null || bytes === undefined ? '–' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
export const count = (value: number): string => value.toLocaleString('en-US');

export function printTable(reports: ScenarioReport[]): string {
  const header: [string, string, string, string, string] = ['#', 'metric', 'measured', 'baseline', 'ratio'];
  const lines: string[][] = [];
  for (const report of reports) {
    const title = `${report.name}${report.status === 'ok' ? '' : ` — ${report.status.toUpperCase()}`} (${report.seconds.toFixed(0)} s)`;
    lines.push([String(report.id), title, '', '', '']);
    for (const row of report.rows) lines.push(['', `  ${row.metric}`, row.value, row.baseline ?? '', row.ratio ?? '']);
    if (report.note) lines.push(['', `  note: ${report.note}`, '', '', '']);
  }
  const isHeading = (line: string[]) => line[2] === '' && line[3] === '';
  const widths = header.map((h, i) => Math.max(h.length, ...lines.filter((l) => !isHeading(l)).map((l) => (l[i] ?? '').length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [format(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const line of lines) {
    // Titles and notes may be wider than the metric column: print them whole.
    out.push(isHeading(line) ? `${line[0]!.padEnd(widths[0]!)}  ${line[1]}` : format(line));
  }
  return out.join('\n');
}

export function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
