/**
 * The core as a running service, without Slack or Teams: a caretaker raises a concern, it is
 * routed to the right team's channel, acknowledged, answered and resolved — with recording
 * messengers standing in for the platforms, and real Redis, PGlite and BullMQ underneath.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/core/identity.js';
import { createRecordingMessenger, messageText, type RecordingMessenger } from '../support/recording-messenger.js';
import { startTestService, type TestService } from '../support/service.js';

const JENS = { platform: 'slack' as const, userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', workspaceId: 'T0UQ7C1X54X', locale: 'da-DK' };
const JONAS = { platform: 'teams' as const, userId: '4fe33ae6-dcd5-45fa-8d83-f25f798ce1d4', name: 'Jonas Holm', tenantId: '96e48123-c98e-4de6-90db-c6e03b4c8d59' };
const KASPER_SSP = { platform: 'slack' as const, userId: 'U0KGWP8NBE3', name: 'Kasper Bundgaard', workspaceId: 'T034REYFKTT' };

describe('core flow through the running service', () => {
  let service: TestService;
  let slack: RecordingMessenger;
  let teams: RecordingMessenger;
  let jens: Identity;
  let jonas: Identity;

  beforeAll(async () => {
    slack = createRecordingMessenger('slack');
    teams = createRecordingMessenger('teams');
    service = await startTestService({ messengers: { slack, teams }, postgres: true });
    jens = service.core.identify(JENS)!;
    jonas = service.core.identify(JONAS)!;
  });
  afterAll(async () => {
    await service?.stop();
  });

  const form = (overrides: Record<string, string> = {}) => ({
    category: 'homelessness',
    departmentId: 'havnegaarden',
    address: 'Havnegade 12, kælderen',
    urgency: 'normal',
    description: 'En mand sover i kælderen i blok 12. Han hedder vist Per, cpr 010190-1234.',
    residentKnows: 'no',
    ...overrides,
  });

  it('answers health, readiness and metrics', async () => {
    expect((await fetch(`${service.baseUrl}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${service.baseUrl}/readyz`)).json()).toEqual({ status: 'ready', waitingDeliveries: [] });
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(metrics).toContain('brobygger_outbox_pending');
    expect(metrics).toContain('# TYPE brobygger_deliveries gauge');
  });

  it('explains itself to an unknown user and stores nothing', async () => {
    expect(service.core.identify({ platform: 'slack', userId: 'U999', workspaceId: 'TOTHER' })).toBeNull();
    expect(messageText(service.core.unknownUser('da'))).toContain('administrator');
    expect(await service.store.listConcerns({})).toHaveLength(0);
  });

  it('routes a new concern to the team channel, with the CPR number removed', async () => {
    const result = await service.core.submitIntake(jens, form(), 'test:1');
    expect(result.kind).toBe('created');
    if (result.kind !== 'created') return;
    expect(result.concern.ref).toMatch(/^BB-\d{4}-0001$/);
    expect(result.concern.description).not.toContain('010190-1234');
    const reply = messageText(result.reply);
    expect(reply).toContain(result.concern.ref);
    expect(reply).toContain('Boligsocial indgang');
    expect(reply).toContain('CPR');

    const card = await service.waitFor(() => teams.sent().find((r) => r.target?.kind === 'channel'));
    expect(card.target).toMatchObject({ platform: 'teams', conversationId: '19:53d4a316a5b3ccb90db2cbf31643a48e@thread.tacv2' });
    const text = messageText(card.message);
    expect(text).toContain(result.concern.ref);
    expect(text).toContain('Jens Pedersen (Boligselskabet Fjordbo)');
    expect(text).toContain('[concern.ack]');
    expect(text).not.toContain('010190');
    const stored = await service.waitFor(async () => (await service.store.getConcern(result.concern.id))?.teamId);
    expect(stored).toBe('bolig-indgang');
  });

  it('creates one concern when the same submission arrives twice', async () => {
    const again = await service.core.submitIntake(jens, form(), 'test:1');
    expect(again.kind).toBe('duplicate');
    expect(await service.store.listConcerns({})).toHaveLength(1);
  });

  it('marks missing and over-long fields instead of storing half a concern', async () => {
    const result = await service.core.submitIntake(jens, form({ category: '', description: 'x'.repeat(10_001) }));
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(['category', 'description']);
    expect(await service.store.listConcerns({})).toHaveLength(1);
  });

  it('lets only the team acknowledge, tells the reporter and updates the card', async () => {
    const [concern] = await service.store.listConcerns({});
    const kasper = service.core.identify(KASPER_SSP)!;
    const refused = await service.core.act(kasper, concern!.id, { type: 'ack' });
    expect(refused.ok).toBe(false);
    const reporterTry = await service.core.act(jens, concern!.id, { type: 'ack' });
    expect(reporterTry.ok).toBe(false);

    const ack = await service.core.act(jonas, concern!.id, { type: 'ack' });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(ack.concern.state).toBe('acknowledged');
    expect(messageText(ack.card)).toContain('Jonas Holm');
    expect(messageText(ack.card)).not.toContain('[concern.ack]');
    const told = await service.waitFor(() => slack.sent().find((r) => messageText(r.message).includes('kvitteret')));
    expect(told.target).toEqual({ platform: 'slack', kind: 'user', userId: JENS.userId });
    await service.waitFor(() => teams.updates().length > 0);

    const twice = await service.core.act(jonas, concern!.id, { type: 'ack' });
    expect(twice.ok && twice.repeated).toBe(true);
  });

  it('relays a reply to the reporter but never an internal note', async () => {
    const [concern] = await service.store.listConcerns({});
    const before = slack.sent().length;
    const note = await service.core.act(jonas, concern!.id, { type: 'note', text: 'Intern: kender familien fra tidligere sag' });
    expect(note.ok).toBe(true);
    const reply = await service.core.act(jonas, concern!.id, { type: 'reply', text: 'Vi tager ud i morgen formiddag.' });
    expect(reply.ok).toBe(true);
    const relayed = await service.waitFor(() => slack.sent().slice(before).find((r) => messageText(r.message).includes('Vi tager ud')));
    expect(messageText(relayed.message)).toContain('Jonas Holm');
    await service.waitFor(() => teams.sent().find((r) => messageText(r.message).includes('kender familien')));
    expect(slack.sent().some((r) => messageText(r.message).includes('kender familien'))).toBe(false);
  });

  it('relays information the reporter adds to the team', async () => {
    const [concern] = await service.store.listConcerns({});
    const added = await service.core.act(jens, concern!.id, { type: 'add_info', text: 'Han er der igen i aften.' });
    expect(added.ok).toBe(true);
    await service.waitFor(() => teams.sent().find((r) => messageText(r.message).includes('Han er der igen')));
  });

  it('resolves, tells the reporter, and refuses further changes', async () => {
    const [concern] = await service.store.listConcerns({});
    const resolved = await service.core.act(jonas, concern!.id, { type: 'resolve', outcome: 'action_taken', message: 'Tilbudt plads på herberg.' });
    expect(resolved.ok).toBe(true);
    await service.waitFor(() => slack.sent().find((r) => messageText(r.message).includes('herberg')));
    const late = await service.core.act(jens, concern!.id, { type: 'withdraw' });
    expect(late.ok).toBe(false);
    const types = (await service.store.listEvents(concern!.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['created', 'routed', 'notified', 'acknowledged', 'noted', 'replied', 'info_added', 'resolved']));
  });

  it('lists the association concerns for the reporter and the queue for the team', async () => {
    await service.core.submitIntake(jens, form({ category: 'mental_health', description: 'Beboer virker meget forvirret' }));
    const mine = messageText(await service.core.status(jens));
    expect(mine).toContain('Psykisk mistrivsel');
    const queue = messageText(await service.core.status(jonas));
    expect(queue).toContain('Boligsocial indgang');
  });
});

describe('metrics after a concern was acknowledged', () => {
  it('exposes lifecycle counters and a time-to-acknowledge histogram in business minutes', async () => {
    const teams = createRecordingMessenger('teams');
    const slack = createRecordingMessenger('slack');
    const service = await startTestService({ messengers: { slack, teams } });
    try {
      const jens = service.core.identify(JENS)!;
      const jonas = service.core.identify(JONAS)!;
      const created = await service.core.submitIntake(jens, {
        category: 'homelessness', departmentId: 'havnegaarden', address: 'Havnegade 12', urgency: 'high', description: 'Sover i opgangen', residentKnows: 'no',
      });
      if (created.kind !== 'created') throw new Error('not created');
      await service.waitFor(async () => (await service.store.getConcern(created.concern.id))?.teamId);
      await service.core.act(jonas, created.concern.id, { type: 'ack' });
      const text = await service.waitFor(async () => {
        const body = await (await fetch(`${service.baseUrl}/metrics`)).text();
        return body.includes('brobygger_time_to_acknowledge_business_minutes_count{team="bolig-indgang"} 1') ? body : null;
      });
      expect(text).toContain('# TYPE brobygger_time_to_acknowledge_business_minutes histogram');
      expect(text).toContain('brobygger_concern_lifecycle_total{event="acknowledged",category="homelessness",team="bolig-indgang"} 1');
      expect(text).toContain('brobygger_concerns{state="acknowledged",category="homelessness",team="bolig-indgang"} 1');
    } finally {
      await service.stop();
    }
  });
});
