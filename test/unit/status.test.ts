/**
 * "status": a reporter's and a team's list of open concerns. It shows at most 25 per list and
 * says so when there are more, instead of leaving them out without a word.
 */
import { describe, expect, it } from 'vitest';
import { statusMessage } from '../../src/core/status.js';
import { at } from '../support/calendar.js';
import { seedConcern, testCore, who } from '../support/core-context.js';

const MONDAY = at('2026-03-02 10:00');

async function withOpenConcerns(count: number) {
  const core = testCore(MONDAY);
  for (let i = 0; i < count; i++) await seedConcern(core, { createdAt: new Date(MONDAY.getTime() - (count - i) * 60_000) });
  const texts = async (role: 'reporter' | 'boligIndgang') =>
    (await statusMessage(core.ctx, who(core.ctx.directory, role))).blocks.map((b) => ('text' in b ? b.text : ''));
  return { texts };
}

describe('the status list', () => {
  it('lists every open concern when there are 25', async () => {
    const { texts } = await withOpenConcerns(25);
    const team = await texts('boligIndgang');
    expect(team.join('\n').split('\n').filter((l) => l.startsWith('• '))).toHaveLength(25);
    expect(team.join('\n')).not.toContain('there are more open concerns');
  });

  it('says there are more when there are 26: the team sees the oldest, the reporter the newest', async () => {
    const { texts } = await withOpenConcerns(26);
    const team = await texts('boligIndgang');
    expect(team.join('\n').split('\n').filter((l) => l.startsWith('• '))).toHaveLength(25);
    expect(team.at(-1)).toBe('Showing the 25 oldest; there are more open concerns.');
    const reporter = await texts('reporter');
    expect(reporter).toContain('Showing the 25 newest; there are more open concerns.');
  });
});
