import { describe, expect, it } from 'vitest';
import { runDigestCommand } from '../../src/cli/digest-command.js';
import { runExportCommand } from '../../src/cli/export-command.js';
import { PRIVACY_USAGE } from '../../src/cli/privacy-command.js';
import { commandUsage, overallUsage, parseOptions, UsageError, type CommandName } from '../../src/cli/usage.js';

function capture() {
  const err: string[] = [];
  const out: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (l: string) => void err.push(l), env: {} }, err: () => err.join('\n'), out: () => out.join('') };
}

describe('CLI usage', () => {
  it('names a missing option as missing, and several at once', () => {
    expect(() => parseOptions('export', ['--out', 'x.csv'], ['from', 'to', 'out'], ['from', 'to'])).toThrow(new UsageError('export', '--from and --to are missing.'));
    expect(() => parseOptions('digest', [], ['scope'], ['scope'])).toThrow('--scope is missing.');
  });

  it('refuses unknown options and stray arguments as usage errors', () => {
    expect(() => parseOptions('start', ['--rolle', 'web'], ['role'])).toThrow(UsageError);
    expect(() => parseOptions('start', ['web'], ['role'])).toThrow(UsageError);
  });

  it('digest and export answer a usage error with exit 2, the reason and the same usage line --help prints', async () => {
    const digest = capture();
    expect(await runDigestCommand([], digest.io)).toBe(2);
    expect(digest.err()).toBe(`--scope is missing.\n${commandUsage('digest')}`);
    const exp = capture();
    expect(await runExportCommand(['--from', '2026-03-01'], exp.io)).toBe(2);
    expect(exp.err()).toBe(`--to is missing.\n${commandUsage('export')}`);
    const unknown = capture();
    expect(await runExportCommand(['--from', '2026-03-01', '--to', '2026-03-02', '--format', 'csv'], unknown.io)).toBe(2);
    expect(unknown.err()).toMatch(/Unknown option '--format'/);
    expect(digest.out() + exp.out() + unknown.out()).toBe('');
  });

  it('lists every command in the overall usage with the same line as its own --help', () => {
    // Written out: what an operator reads, not what the code happens to hold.
    const lines: Record<CommandName, string> = {
      start: 'brobygger start [--role web|worker]',
      directory: 'brobygger directory check FILE',
      digest: 'brobygger digest --scope team:ID|org:ID|association:ID [--week YYYY-Www|last|this] [--format text|json|png --out FILE] [--lang da|en]',
      export: 'brobygger export --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]',
      privacy: `brobygger privacy search --text WORDS [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--actor NAME]
       brobygger privacy show REF [--without-reporter] [--actor NAME]
       brobygger privacy anonymise REF --reason TEXT [--force] [--actor NAME]`,
      doctor: 'brobygger doctor',
    };
    for (const [name, line] of Object.entries(lines) as [CommandName, string][]) {
      expect(overallUsage()).toContain(`  ${line}\n`);
      expect(commandUsage(name)).toBe(`Usage: ${line}`);
    }
    // The privacy command prints the same lines as its own usage errors.
    expect(PRIVACY_USAGE).toBe(`Usage: ${lines.privacy}`);
  });
});
