/**
 * The rules of the loop on the running service (real Redis, PGlite, BullMQ) with second-scale
 * SLAs: a question pauses the team's clock and the escalation ladder, one reminder is queued for
 * a business day later and re-checks the question when it fires, a reopening starts a fresh
 * acknowledge clock and ladder, and repeated or out-of-turn actions change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/core/identity.js';
import { deliveryJobId } from '../../src/core/deliveries.js';
import { reminderDueAt } from '../../src/core/loop.js';
import type { Concern } from '../../src/core/model.js';
import { exportRows } from '../../src/store/export-query.js';
import { fastSlaDirectory } from '../support/directories.js';
import { createRecordingMessenger, messageText, type RecordingMessenger } from '../support/recording-messenger.js';
import { startTestService, type TestService } from '../support/service.js';

const JENS = { platform: 'slack' as const, userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', workspaceId: 'T0UQ7C1X54X', locale: 'da-DK' };
const JONAS = { platform: 'teams' as const, userId: '4fe33ae6-dcd5-45fa-8d83-f25f798ce1d4', name: 'Jonas Holm', tenantId: '96e48123-c98e-4de6-90db-c6e03b4c8d59' };

const form = (description: string) => ({
  category: 'homelessness',
  departmentId: 'havnegaarden',
  address: 'Havnegade 12',
  urgency: 'normal',
  description,
  residentKnows: 'no',
});

describe('the loop with the reporter', () => {
  let service: TestService;
  let slack: RecordingMessenger;
  let teams: RecordingMessenger;
  let jens: Identity;
  let jonas: Identity;

  beforeAll(async () => {
    slack = createRecordingMessenger('slack');
    teams = createRecordingMessenger('teams');
    // A 3 s wall-clock acknowledge target: the ladder would fire within seconds if it ran.
    service = await startTestService({ directory: fastSlaDirectory(3), messengers: { slack, teams } });
    jens = service.core.identify(JENS)!;
    jonas = service.core.identify(JONAS)!;
  });
  afterAll(async () => {
    await service?.stop();
  });

  async function raise(description: string): Promise<Concern> {
    const result = await service.core.submitIntake(jens, form(description));
    if (result.kind !== 'created') throw new Error(result.kind);
    return service.waitFor(async () => {
      const c = await service.store.getConcern(result.concern.id);
      return c?.teamId ? c : null;
    });
  }
  const events = async (id: string, type: string) => (await service.store.listEvents(id)).filter((e) => e.type === type);

  it('asking an open concern acknowledges it and pauses the ladder until the answer', async () => {
    const concern = await raise('En mand sover i kælderen, spørg mig');
    const asked = await service.core.act(jonas, concern.id, { type: 'ask', text: 'Hvilken opgang?' });
    expect(asked.ok).toBe(true);
    const waiting = (await service.store.getConcern(concern.id))!;
    expect(waiting).toMatchObject({ state: 'waiting', acknowledgedBy: { name: 'Jonas Holm' } });
    const types = (await service.store.listEvents(concern.id)).map((e) => e.type).filter((t) => t !== 'notified');
    expect(types.slice(-2)).toEqual(['acknowledged', 'asked']);
    // The reporter hears the question (not a bare acknowledgement) with an Answer button.
    const dm = await service.waitFor(() => slack.sent().find((r) => messageText(r.message).includes('Hvilken opgang?')));
    expect(messageText(dm.message)).toContain('[concern.answer]');

    // A ladder step that fires while the concern waits re-checks it and does nothing.
    expect(await service.core.steps.escalate({ concernId: concern.id, step: 0, epoch: waiting.slaEpoch })).toBe('skipped');
    expect(await events(concern.id, 'escalated')).toEqual([]);

    // One reminder is owed (a delivery row) and queued for one business day after the question.
    const seq = (await events(concern.id, 'asked'))[0]!.data.seq as number;
    const job = await service.waitFor(() => service.workflows.queues.notify!.getJob(deliveryJobId(`notify-${concern.id}-reporter_reminder-${seq}`)));
    expect(job.data).toEqual({ deliveryId: `notify-${concern.id}-reporter_reminder-${seq}` });
    const due = reminderDueAt(service.core.context, (await events(concern.id, 'asked'))[0]!.at).getTime();
    expect(job!.timestamp + (job!.opts.delay ?? 0)).toBeGreaterThanOrEqual(due - 1_000);

    // When it fires while the question still waits, the reporter is reminded once…
    const reminded = await service.core.steps.deliver({ slack, teams }, { concernId: concern.id, kind: 'reporter_reminder', seq });
    expect(reminded).toBe('sent');
    expect(messageText(slack.sent().at(-1)!.message)).toContain('Påmindelse');
    // …and after the answer it does nothing.
    const answered = await service.core.act(jens, concern.id, { type: 'answer', text: 'Opgang 4' });
    expect(answered.ok).toBe(true);
    expect((await service.store.getConcern(concern.id))?.state).toBe('acknowledged');
    expect(await service.core.steps.deliver({ slack, teams }, { concernId: concern.id, kind: 'reporter_reminder', seq })).toBe('skipped');
    await service.waitFor(() => teams.sent().find((r) => messageText(r.message).includes('Opgang 4')));
  });

  it("re-creates the reporter's reminder when Redis lost it, due when it was due, and it arrives once", async () => {
    const concern = await raise('Hjemløs i vaskekælderen, venter på svar');
    await service.core.act(jonas, concern.id, { type: 'ask', text: 'Hvilken vaskekælder?' });
    const asked = (await events(concern.id, 'asked'))[0]!;
    const jobId = deliveryJobId(`notify-${concern.id}-reporter_reminder-${asked.data.seq as number}`);
    const queue = service.workflows.queues.notify!;
    const first = await service.waitFor(() => queue.getJob(jobId));
    // Redis loses the job (the test's own redis-server); the delivery row stays in the database.
    await first.remove();
    expect(await queue.getJob(jobId)).toBeUndefined();

    expect(await service.workflows.reconciler!.runOnce()).toBeGreaterThanOrEqual(1);
    const restored = (await queue.getJob(jobId))!;
    expect(await restored.isDelayed()).toBe(true);
    const due = reminderDueAt(service.core.context, asked.at).getTime();
    expect(restored.timestamp + (restored.opts.delay ?? 0)).toBeGreaterThanOrEqual(due - 1_000);

    // When it is due, the reporter is reminded once; a further pass restores nothing for it.
    const reminders = () => slack.sent().filter((r) => messageText(r.message).includes(`Påmindelse`) && messageText(r.message).includes(concern.ref));
    await restored.promote();
    await service.waitFor(() => reminders().length === 1);
    const row = await service.waitFor(async () => {
      const d = await service.database.deliveries.getDelivery(`notify-${concern.id}-reporter_reminder-${asked.data.seq as number}`);
      return d?.state === 'delivered' ? d : null;
    });
    expect(row.attempts).toBe(1);
    await service.workflows.reconciler!.runOnce();
    expect(await queue.getJob(jobId)).toBeUndefined();
    expect(reminders()).toHaveLength(1);
  });

  it('refuses answers without a question, from the team, and questions from the reporter', async () => {
    const concern = await raise('Uro i opgang 7 om natten');
    const noQuestion = await service.core.act(jens, concern.id, { type: 'answer', text: 'Her er et svar' });
    expect(noQuestion).toMatchObject({ ok: false, code: 'conflict' });
    const reporterAsks = await service.core.act(jens, concern.id, { type: 'ask', text: 'Må jeg spørge?' });
    expect(reporterAsks).toMatchObject({ ok: false, code: 'forbidden' });
    await service.core.act(jonas, concern.id, { type: 'ask', text: 'Hvor mange er de?' });
    const teamAnswers = await service.core.act(jonas, concern.id, { type: 'answer', text: 'Tre' });
    expect(teamAnswers).toMatchObject({ ok: false, code: 'forbidden' });
    expect(messageText((teamAnswers as { reply: Parameters<typeof messageText>[0] }).reply)).toContain('anmelderens boligorganisation');
    const empty = await service.core.act(jens, concern.id, { type: 'answer', text: '  ' });
    expect(empty).toMatchObject({ ok: false, code: 'invalid', fieldError: 'Skal udfyldes' });
    expect((await service.store.getConcern(concern.id))?.state).toBe('waiting');
  });

  it('answers from the bot chat only when it is clear which question is meant', async () => {
    const [a, b] = [await raise('Hjemløs i opgang A'), await raise('Hjemløs i opgang B')];
    await service.core.act(jonas, a.id, { type: 'ask', text: 'Spørgsmål A' });
    await service.core.act(jonas, b.id, { type: 'ask', text: 'Spørgsmål B' });
    // Earlier tests left one more waiting concern: three wait now, so plain text is not guessed.
    const unclear = await service.core.answerFromChat(jens, 'Han er der hver nat');
    expect(unclear).toMatchObject({ ok: false, code: 'invalid' });
    expect(messageText(unclear!.reply)).toContain(a.ref);
    expect(messageText(unclear!.reply)).toContain(b.ref);
    const chosen = await service.core.answerFromChat(jens, `${b.ref.toLowerCase()}: Han er der hver nat`);
    expect(chosen).toMatchObject({ ok: true });
    expect((await events(b.id, 'answered'))[0]!.data.text).toBe('Han er der hver nat');
    expect((await service.store.getConcern(a.id))?.state).toBe('waiting');
    // Someone who raised nothing that waits gets null: the text means something else.
    expect(await service.core.answerFromChat(jonas, 'Hej')).toBeNull();
  });

  it('acknowledges with a note in one step, and relays the note to the reporter', async () => {
    const concern = await raise('Beboer virker forvirret');
    const acked = await service.core.act(jonas, concern.id, { type: 'ack', note: 'Vi kigger på det i dag' });
    expect(acked.ok && messageText(acked.reply)).toContain('Din besked er sendt til Jens Pedersen');
    const dm = await service.waitFor(() => slack.sent().find((r) => messageText(r.message).includes('Vi kigger på det i dag')));
    expect(messageText(dm.message)).toContain('har kvitteret for din bekymring');
    const again = await service.core.act(jonas, concern.id, { type: 'ack', note: 'Igen' });
    expect(again).toMatchObject({ ok: true, repeated: true });
  });

  it('reopens with a fresh acknowledge clock and ladder; feedback twice counts once', async () => {
    const concern = await raise('Hjemløs i cykelkælderen');
    await service.core.act(jonas, concern.id, { type: 'ack' });
    const resolved = await service.core.act(jonas, concern.id, { type: 'resolve', outcome: 'no_action_needed' });
    expect(resolved.ok).toBe(true);
    const no = await service.core.act(jens, concern.id, { type: 'feedback', helpful: false });
    expect(no.ok && messageText(no.reply)).toContain('[concern.reopen]');
    const twice = await service.core.act(jens, concern.id, { type: 'feedback', helpful: false });
    expect(twice).toMatchObject({ ok: true, repeated: true });
    expect(await events(concern.id, 'feedback')).toHaveLength(1);
    const teamMayNot = await service.core.act(jonas, concern.id, { type: 'reopen', reason: 'Nej' });
    expect(teamMayNot).toMatchObject({ ok: false, code: 'forbidden' });

    const before = (await service.store.getConcern(concern.id))!;
    const reopened = await service.core.act(jens, concern.id, { type: 'reopen', reason: 'Han er tilbage' });
    expect(reopened.ok).toBe(true);
    const again = await service.core.act(jens, concern.id, { type: 'reopen', reason: 'Han er tilbage' });
    expect(again).toMatchObject({ ok: false, code: 'conflict' });
    // The new ladder runs on the new epoch: the team is reminded again, seconds later.
    const reopenedAt = (await events(concern.id, 'reopened'))[0]!.at.getTime();
    const fired = await service.waitFor(async () => (await events(concern.id, 'escalated')).find((e) => e.at.getTime() > reopenedAt), { timeoutMs: 15_000 });
    expect(fired.data.step).toBe(0);
    expect((await service.store.getConcern(concern.id))?.slaEpoch).toBe(before.slaEpoch + 1);
  });

  it("shows outcomes, reopen rate, helpful share and time waiting in the team's and the association's digest", async () => {
    // The first test's concern waited for an answer; resolve it so its waiting time counts.
    const waited = (await service.store.listConcerns({})).find((c) => c.description === 'En mand sover i kælderen, spørg mig')!;
    expect((await service.core.act(jonas, waited.id, { type: 'resolve', outcome: 'referred' })).ok).toBe(true);
    const henrik = service.core.identify({ platform: 'teams', userId: '368897c3-c1b6-491e-a509-a0d77a793c53', locale: 'da-DK' })!;
    const team = await service.waitFor(async () => {
      const text = messageText(await service.core.digest(henrik, 'this'));
      return text.includes('svar: ') && !text.includes('svar: – ') ? text : null;
    });
    expect(team).toContain('Udfald og tilbagemeldinger');
    expect(team).toContain('Hjemløshed · Boligsocial indgang (hjemløshed og udsættelse) · Ingen indsats nødvendig: 1');
    expect(team).toContain('Hjemløshed · Boligsocial indgang (hjemløshed og udsættelse) · Henvist til anden instans: 1');
    expect(team).toContain('Genåbnet: 50 % (1 af 2 afsluttede)');
    expect(team).toContain('Anmelderen sagde, det hjalp: 0 % (n = 1)');
    expect(team).toMatch(/Median tid i venten på anmelderens svar: \d+ (sek|min|t)[^\n]*\(n = 1\)/);

    const marianne = service.core.identify({ platform: 'slack', userId: 'U0LVMPSQQXY', workspaceId: 'T0UQ7C1X54X', locale: 'en-GB' })!;
    const association = messageText(await service.core.digest(marianne, 'this'));
    expect(association).toContain('Outcomes and feedback');
    expect(association).toContain('Reopened: 50 % (1 of 2 resolved)');
    expect(association).toContain('Reporter said it helped: 0 % (n = 1)');

    // The export carries the same per concern.
    const rows = [];
    for await (const row of exportRows(service.database.sql, new Date(Date.now() - 3600_000), new Date(Date.now() + 3600_000))) rows.push(row);
    expect(rows.find((r) => r.ref === waited.ref)).toMatchObject({ outcome: 'referred', reopened: 0, helpful: null, waitingMinutesWall: expect.any(Number) });
    expect(rows.find((r) => r.reopened === 1)).toMatchObject({ state: 'open', helpful: false });
  });
});
