/**
 * What people do to a concern (src/core/commands.ts) against the in-memory store: who may act,
 * what each action records and owes, what the actor is told, and how a repeated or concurrent
 * action behaves. The sample directory in English; Monday 2 March 2026 10:00 in Copenhagen.
 */
import { describe, expect, it } from 'vitest';
import { act, canRespond, canSee, isReporterOf } from '../../src/core/commands.js';
import type { Concern } from '../../src/core/model.js';
import type { ConcernStore } from '../../src/core/ports.js';
import { at, show } from '../support/calendar.js';
import { seedConcern, testCore, who, type TestCore } from '../support/core-context.js';

const MONDAY = at('2026-03-02 10:00');

async function setup(overrides: Parameters<typeof seedConcern>[1] = {}) {
  const core = testCore(MONDAY);
  const concern = await seedConcern(core, overrides);
  const d = core.ctx.directory;
  return { core, concern, reporter: who(d, 'reporter'), member: who(d, 'boligIndgang'), backup: who(d, 'socialpsykiatri'), stranger: who(d, 'boernFamilie'), outsider: who(d, 'otherReporter') };
}

const text = (reply: { blocks: { kind: string; text?: string }[] }) => reply.blocks.filter((b) => b.kind === 'text').map((b) => b.text);
const jobIds = (core: TestCore) => [...core.store.deliveries().map((d) => d.id), ...core.store.outbox().map((e) => e.jobId)];

describe('who may act on a concern', () => {
  it('lets the team act, the reporter association see, and nobody else either', async () => {
    const { core, concern, reporter, member, stranger, outsider } = await setup();
    expect(canRespond(core.ctx, member, concern)).toBe(true);
    expect(canRespond(core.ctx, reporter, concern)).toBe(false);
    expect(canRespond(core.ctx, stranger, concern)).toBe(false);
    expect(isReporterOf(reporter, concern)).toBe(true);
    expect(isReporterOf(outsider, concern)).toBe(false);
    expect(isReporterOf(member, concern)).toBe(false);
    expect(canSee(core.ctx, reporter, concern)).toBe(true);
    expect(canSee(core.ctx, member, concern)).toBe(true);
    expect(canSee(core.ctx, outsider, concern)).toBe(false);
    expect(canSee(core.ctx, stranger, concern)).toBe(false);
  });

  it('lets no responder act on a concern that has no team yet', async () => {
    const { core, concern, member } = await setup({ teamId: null });
    expect(canRespond(core.ctx, member, concern)).toBe(false);
  });

  it('counts no municipal staff member as a reporter, even of a concern from their own organisation', async () => {
    const { concern, member } = await setup();
    // A municipal user is no reporter even though the concern is the municipality's to handle.
    expect(isReporterOf(member, { ...concern, associationId: member.organization.id })).toBe(false);
  });

  // The rule: a backup team's member may act only once the ladder has reached the backup step
  // (sample ladder: 100 % remind the team, 150 % notify the backup team, 200 % managers).
  it.each([
    [0, false],
    [1, false],
    [2, true],
    [3, true],
  ])('lets the backup team act at escalation level %i: %s', async (level, allowed) => {
    const { core, concern, backup } = await setup();
    expect(canRespond(core.ctx, backup, { ...concern, escalationLevel: level })).toBe(allowed);
    expect(canSee(core.ctx, backup, { ...concern, escalationLevel: level })).toBe(allowed);
  });

  it('takes the backup step from the ladder, wherever it stands', async () => {
    const core = testCore(MONDAY, (d) => {
      d.escalation = [{ at: 100, notify: 'backup' }, { at: 200, notify: 'managers' }];
    });
    const concern = await seedConcern(core);
    const backup = who(core.ctx.directory, 'socialpsykiatri');
    expect(canRespond(core.ctx, backup, concern)).toBe(false);
    expect(canRespond(core.ctx, backup, { ...concern, escalationLevel: 1 })).toBe(true);
  });

  it('refuses a backup member an action before the escalation and allows it after', async () => {
    const { core, concern, backup } = await setup();
    const before = await act(core.ctx, backup, concern.id, { type: 'ack' });
    expect(before).toMatchObject({ ok: false, code: 'not_found' });
    await core.store.updateConcern(concern.id, concern.version, { escalationLevel: 2 }, [], []);
    const after = await act(core.ctx, backup, concern.id, { type: 'ack' });
    expect(after).toMatchObject({ ok: true, repeated: false, concern: { state: 'acknowledged', acknowledgedBy: { name: 'Anne Mortensen' } } });
  });

  it('tells an outsider the concern is not found, and a reporter that only the team may act', async () => {
    const { core, concern, reporter, member, outsider } = await setup();
    const missing = await act(core.ctx, member, 'no-such-concern', { type: 'ack' });
    expect(missing).toMatchObject({ ok: false, code: 'not_found' });
    expect(text((missing as { reply: { blocks: { kind: string; text?: string }[] } }).reply)).toEqual(['The concern does not exist, or you do not have access to it.']);
    expect(await act(core.ctx, outsider, concern.id, { type: 'add_info', text: 'More' })).toMatchObject({ ok: false, code: 'not_found' });
    const byReporter = await act(core.ctx, reporter, concern.id, { type: 'ack' });
    expect(byReporter).toMatchObject({ ok: false, code: 'forbidden' });
    expect(text((byReporter as { reply: { blocks: { kind: string; text?: string }[] } }).reply)).toEqual(['Only members of Boligsocial indgang (hjemløshed og udsættelse) can do this.']);
    const byTeam = await act(core.ctx, member, concern.id, { type: 'withdraw' });
    expect(byTeam).toMatchObject({ ok: false, code: 'forbidden' });
    expect(text((byTeam as { reply: { blocks: { kind: string; text?: string }[] } }).reply)).toEqual(["Only the reporter's housing association can do this."]);
    expect(await core.store.listEvents(concern.id)).toHaveLength(2);
    expect(core.kicks()).toBe(0);
  });
});

describe('acknowledging', () => {
  it('records who and when, owes a card update and the reporter a message, and cancels the pending ladder step', async () => {
    const { core, concern, member } = await setup();
    core.setNow(at('2026-03-02 10:20'));
    const result = await act(core.ctx, member, concern.id, { type: 'ack' });
    if (!result.ok) throw new Error('refused');
    expect(result.repeated).toBe(false);
    expect(text(result.reply)).toEqual(['You acknowledged BB-2026-0001.']);
    expect(result.concern).toMatchObject({ state: 'acknowledged', version: 2, acknowledgedBy: { userId: '1480c9ac-e930-4eaf-97f9-ca7d41d2161a', name: 'Mette Kristensen' } });
    expect(result.concern.acknowledgedAt).toEqual(at('2026-03-02 10:20'));
    expect(result.card.blocks.some((b) => b.kind === 'actions')).toBe(true);
    const events = await core.store.listEvents(concern.id);
    expect(events.map((e) => e.type)).toEqual(['created', 'routed', 'acknowledged']);
    expect(events[2]).toMatchObject({ actor: { kind: 'user', name: 'Mette Kristensen' }, at: at('2026-03-02 10:20'), data: { teamId: 'bolig-indgang', seq: 2 } });
    expect(jobIds(core)).toEqual(['notify-c1-card_update-2', 'notify-c1-reporter_event-2', 'metrics-c1-2', 'cancel-escalate-c1-1-2']);
    expect(core.store.outbox()[1]!.data).toEqual({ cancel: ['escalate-c1-1-0'] });
    expect(core.kicks()).toBe(1);
  });

  it('says who acknowledged first when clicked again, and records nothing more', async () => {
    const { core, concern, member } = await setup();
    await act(core.ctx, member, concern.id, { type: 'ack' });
    const other = who(core.ctx.directory, 'boligIndgang');
    const again = await act(core.ctx, other, concern.id, { type: 'ack' });
    expect(again).toMatchObject({ ok: true, repeated: true });
    expect(text((again as { reply: { blocks: { kind: string; text?: string }[] } }).reply)).toEqual(['BB-2026-0001 was already acknowledged by Mette Kristensen.']);
    expect(await core.store.listEvents(concern.id)).toHaveLength(3);
    expect(core.kicks()).toBe(1);
  });

  it('relays a note without the CPR number in it, and tells the actor what was removed', async () => {
    const { core, concern, member } = await setup();
    const result = await act(core.ctx, member, concern.id, { type: 'ack', note: '  We visit today; his CPR is 010203-1234.  ' });
    if (!result.ok) throw new Error('refused');
    expect(text(result.reply)).toEqual(['You acknowledged BB-2026-0001. Your message was sent to Jens Pedersen.']);
    expect(result.reply.blocks.at(-1)).toEqual({
      kind: 'context',
      text: 'I removed a CPR number from your text. CPR numbers must not be shared here; the municipality finds the resident by the address.',
    });
    const [, , acked] = await core.store.listEvents(concern.id);
    expect(acked!.data).toEqual({ teamId: 'bolig-indgang', note: 'We visit today; his CPR is [CPR fjernet].', redacted: true, seq: 2 });
  });

  it('keeps the ladder of an acknowledged concern that is asked a question', async () => {
    const { core, concern, member } = await setup();
    const result = await act(core.ctx, member, concern.id, { type: 'ask', text: 'Which floor?' });
    expect(result).toMatchObject({ ok: true, concern: { state: 'waiting' } });
    const events = await core.store.listEvents(concern.id);
    // Asking an open concern acknowledges it first, in the same change and with the same seq.
    expect(events.slice(2).map((e) => [e.type, e.data.seq])).toEqual([['acknowledged', 2], ['asked', 2]]);
    expect(core.store.outbox().map((e) => e.jobId)).toContain('cancel-escalate-c1-1-2');
  });
});

describe('relaying text', () => {
  it('sends a reply to the reporter and updates the card', async () => {
    const { core, concern, member } = await setup();
    const result = await act(core.ctx, member, concern.id, { type: 'reply', text: 'We are on it.' });
    if (!result.ok) throw new Error('refused');
    expect(text(result.reply)).toEqual(['Your reply was sent to Jens Pedersen (Boligselskabet Fjordbo).']);
    expect(result.reply.blocks).toHaveLength(1);
    expect(result.concern.state).toBe('open');
    const [, , replied] = await core.store.listEvents(concern.id);
    expect(replied).toMatchObject({ type: 'replied', data: { text: 'We are on it.', redacted: false, teamId: 'bolig-indgang', seq: 2 } });
    // A reply is not an acknowledgement: the ladder step stays.
    expect(jobIds(core)).toEqual(['notify-c1-reporter_event-2', 'notify-c1-card_update-2', 'metrics-c1-2']);
  });

  it('keeps a note within the team and measures nothing', async () => {
    const { core, concern, member } = await setup();
    const result = await act(core.ctx, member, concern.id, { type: 'note', text: 'Called the landlord.' });
    expect(result).toMatchObject({ ok: true, repeated: false });
    expect(text((result as { reply: { blocks: { kind: string; text?: string }[] } }).reply)).toEqual(['The note is saved. It is not sent to the reporter.']);
    expect(jobIds(core)).toEqual(['notify-c1-team_event-2-bolig-indgang']);
    expect(core.store.deliveries()[0]!.data).toEqual({ concernId: 'c1', kind: 'team_event', seq: 2, teamId: 'bolig-indgang' });
  });

  it('passes the reporter association information on to the team', async () => {
    const { core, concern, reporter } = await setup();
    const result = await act(core.ctx, reporter, concern.id, { type: 'add_info', text: 'He has a dog.' });
    expect(text((result as { reply: { blocks: { kind: string; text?: string }[] } }).reply)).toEqual([
      'Your information was sent to Boligsocial indgang (hjemløshed og udsættelse).',
    ]);
    const [, , added] = await core.store.listEvents(concern.id);
    expect(added).toMatchObject({ type: 'info_added', actor: { name: 'Jens Pedersen' }, data: { text: 'He has a dog.', teamId: 'bolig-indgang' } });
    expect(jobIds(core)).toEqual(['notify-c1-team_event-2-bolig-indgang']);
  });

  it('refuses empty and too long text with a message for the field', async () => {
    const { core, concern, member } = await setup();
    expect(await act(core.ctx, member, concern.id, { type: 'reply', text: '   ' })).toMatchObject({ ok: false, code: 'invalid', fieldError: 'Required' });
    const long = 'x'.repeat(4001);
    expect(await act(core.ctx, member, concern.id, { type: 'note', text: long })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldError: 'The text is too long (at most 4000 characters, you wrote 4001).',
    });
    expect(await act(core.ctx, member, concern.id, { type: 'note', text: ` ${'x'.repeat(4000)} ` })).toMatchObject({ ok: true });
    expect(await act(core.ctx, member, concern.id, { type: 'ack', note: long })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await act(core.ctx, member, concern.id, { type: 'reassign', teamId: 'ssp', reason: long })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await act(core.ctx, member, concern.id, { type: 'resolve', outcome: 'referred', message: long })).toMatchObject({ ok: false, code: 'invalid' });
    const reporter = who(core.ctx.directory, 'reporter');
    expect(await act(core.ctx, reporter, concern.id, { type: 'withdraw', reason: long })).toMatchObject({ ok: false, code: 'invalid' });
    expect((await core.store.getConcern(concern.id))!.state).toBe('open');
  });
});

describe('reassigning', () => {
  it('moves the concern to the new team with a new SLA clock from now, and tells everyone', async () => {
    const { core, concern, member } = await setup();
    core.setNow(at('2026-03-02 14:00'));
    const result = await act(core.ctx, member, concern.id, { type: 'reassign', teamId: 'ssp', reason: 'A youth matter' });
    if (!result.ok) throw new Error('refused');
    expect(text(result.reply)).toEqual(['BB-2026-0001 has been moved to SSP Nordfjord.']);
    expect(result.concern).toMatchObject({ teamId: 'ssp', state: 'open', slaEpoch: 2, escalationLevel: 0, acknowledgedAt: null, acknowledgedBy: null });
    // 4 business hours from Monday 14:00: 1.5 h on Monday (closes 15:30), 2.5 h on Tuesday from 08:00.
    expect(show(result.concern.acknowledgeDeadline!)).toBe('Tue 2026-03-03 10:30');
    const [, , moved] = await core.store.listEvents(concern.id);
    expect(moved).toMatchObject({ type: 'reassigned', data: { fromTeam: 'bolig-indgang', toTeam: 'ssp', reason: 'A youth matter', seq: 2 } });
    expect(jobIds(core)).toEqual([
      'notify-c1-card_update-2',
      'notify-c1-team_card-2-ssp',
      'notify-c1-reporter_event-2',
      'escalate-c1-2-0',
      'metrics-c1-2',
      'cancel-escalate-c1-1-2',
    ]);
    // The new epoch's first step is due at 100 %: the new deadline.
    expect(show(core.store.outbox()[0]!.runAt!)).toBe('Tue 2026-03-03 10:30');
  });

  it('cancels no ladder step of an acknowledged concern (the acknowledgement did)', async () => {
    const { core, concern, member } = await setup();
    await act(core.ctx, member, concern.id, { type: 'ack' });
    await act(core.ctx, member, concern.id, { type: 'reassign', teamId: 'ssp' });
    expect(core.store.outbox().map((e) => e.jobId)).toEqual(['metrics-c1-2', 'cancel-escalate-c1-1-2', 'escalate-c1-2-0', 'metrics-c1-3']);
  });

  it('refuses an unknown team and the team the concern is already with', async () => {
    const { core, concern, member } = await setup();
    expect(await act(core.ctx, member, concern.id, { type: 'reassign', teamId: 'nobody' })).toMatchObject({ ok: false, code: 'invalid', fieldError: 'Unknown team.' });
    expect(await act(core.ctx, member, concern.id, { type: 'reassign', teamId: 'bolig-indgang' })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldError: 'The concern is already with Boligsocial indgang (hjemløshed og udsættelse).',
    });
  });
});

describe('closing', () => {
  it('resolves with an outcome, says so, and then refuses changes', async () => {
    const { core, concern, member, reporter } = await setup();
    core.setNow(at('2026-03-02 11:00'));
    const result = await act(core.ctx, member, concern.id, { type: 'resolve', outcome: 'referred', message: 'Sent to the housing office.' });
    if (!result.ok) throw new Error('refused');
    expect(text(result.reply)).toEqual(['BB-2026-0001 is resolved. Referred elsewhere.']);
    expect(result.concern).toMatchObject({ state: 'resolved', outcome: 'referred', resolvedAt: at('2026-03-02 11:00') });
    expect(jobIds(core)).toEqual(['notify-c1-card_update-2', 'notify-c1-reporter_event-2', 'metrics-c1-2', 'cancel-escalate-c1-1-2']);
    const again = await act(core.ctx, member, concern.id, { type: 'resolve', outcome: 'other' });
    expect(again).toMatchObject({ ok: true, repeated: true, concern: { outcome: 'referred' } });
    expect(text((again as { reply: { blocks: { kind: string; text?: string }[] } }).reply)).toEqual(['BB-2026-0001 was already resolved.']);
    const note = await act(core.ctx, member, concern.id, { type: 'note', text: 'Late note' });
    expect(note).toMatchObject({ ok: false, code: 'conflict' });
    expect(text((note as { reply: { blocks: { kind: string; text?: string }[] } }).reply)).toEqual(['Concern BB-2026-0001 is Resolved and cannot be changed.']);
    expect(await act(core.ctx, reporter, concern.id, { type: 'withdraw' })).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('refuses an outcome that is not one of the list', async () => {
    const { core, concern, member } = await setup();
    expect(await act(core.ctx, member, concern.id, { type: 'resolve', outcome: 'fixed' })).toMatchObject({ ok: false, code: 'invalid', fieldError: 'Choose an outcome.' });
  });

  it('lets the reporter association withdraw once; a second withdrawal is a repeat', async () => {
    const { core, concern, reporter, member } = await setup();
    core.setNow(at('2026-03-02 10:30'));
    const result = await act(core.ctx, reporter, concern.id, { type: 'withdraw', reason: 'Solved itself' });
    expect(result).toMatchObject({ ok: true, repeated: false, concern: { state: 'withdrawn', resolvedAt: at('2026-03-02 10:30') } });
    expect(text((result as { reply: { blocks: { kind: string; text?: string }[] } }).reply)).toEqual(['You withdrew BB-2026-0001.']);
    expect(jobIds(core)).toEqual(['notify-c1-card_update-2', 'notify-c1-team_event-2-bolig-indgang', 'metrics-c1-2', 'cancel-escalate-c1-1-2']);
    const again = await act(core.ctx, reporter, concern.id, { type: 'withdraw' });
    expect(again).toMatchObject({ ok: true, repeated: true });
    expect(text((again as { reply: { blocks: { kind: string; text?: string }[] } }).reply)).toEqual(['You withdrew BB-2026-0001.']);
    expect(await act(core.ctx, member, concern.id, { type: 'resolve', outcome: 'other' })).toMatchObject({ ok: false, code: 'conflict' });
  });
});

describe('two people at once', () => {
  /** Lets `meanwhile` change the concern just before the next write, as another request would. */
  function interleave(store: ConcernStore, meanwhile: (concern: Concern) => Promise<unknown>) {
    const update = store.updateConcern.bind(store);
    let calls = 0;
    store.updateConcern = async (...args) => {
      calls++;
      if (calls === 1) await meanwhile((await store.getConcern(args[0]))!);
      return update(...args);
    };
    return () => calls;
  }

  it('decides again on the fresh state when someone else changed the concern first', async () => {
    const { core, concern, member } = await setup();
    const first = who(core.ctx.directory, 'boligIndgang');
    const calls = interleave(core.store, (c) =>
      core.store.updateConcern(c.id, c.version, { state: 'acknowledged', acknowledgedBy: { ...first.person, name: 'Jonas Holm' } }, [], []),
    );
    const result = await act(core.ctx, member, concern.id, { type: 'ack' });
    expect(result).toMatchObject({ ok: true, repeated: true });
    expect(text((result as { reply: { blocks: { kind: string; text?: string }[] } }).reply)).toEqual(['BB-2026-0001 was already acknowledged by Jonas Holm.']);
    expect(calls()).toBe(2);
  });

  it('gives up after five attempts with a message to try again', async () => {
    const { core, concern, member } = await setup();
    let calls = 0;
    core.store.updateConcern = async () => {
      calls++;
      return null;
    };
    const result = await act(core.ctx, member, concern.id, { type: 'note', text: 'x' });
    expect(result).toMatchObject({ ok: false, code: 'conflict' });
    expect(text((result as { reply: { blocks: { kind: string; text?: string }[] } }).reply)).toEqual(['Someone else changed the concern at the same moment. Please try again.']);
    expect(calls).toBe(5);
    expect(core.kicks()).toBe(0);
  });
});
