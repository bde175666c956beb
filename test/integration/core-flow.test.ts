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

  // Every test raises its own concern: none relies on what an earlier test left behind.
  let submissions = 0;
  async function raise(overrides: Record<string, string> = {}) {
    const result = await service.core.submitIntake(jens, form(overrides), `core-flow:${++submissions}`);
    if (result.kind !== 'created') throw new Error(`not created: ${result.kind}`);
    return result;
  }
  async function acknowledged() {
    const { concern } = await raise();
    const ack = await service.core.act(jonas, concern.id, { type: 'ack' });
    if (!ack.ok) throw new Error('not acknowledged');
    return concern;
  }

  it('explains itself to an unknown user and stores nothing', async () => {
    const before = (await service.store.listConcerns({})).length;
    expect(service.core.identify({ platform: 'slack', userId: 'U999', workspaceId: 'TOTHER' })).toBeNull();
    expect(messageText(service.core.unknownUser('da'))).toContain('administrator');
    expect(await service.store.listConcerns({})).toHaveLength(before);
  });

  it('routes a new concern to the team channel, with the CPR number removed', async () => {
    const result = await raise();
    expect(result.concern.ref).toMatch(/^BB-\d{4}-\d{4}$/);
    expect(result.concern.description).toBe('En mand sover i kælderen i blok 12. Han hedder vist Per, cpr [CPR fjernet].');
    const reply = messageText(result.reply);
    expect(reply).toContain(result.concern.ref);
    expect(reply).toContain('Boligsocial indgang');
    expect(reply).toContain('Jeg har fjernet et CPR-nummer fra din tekst.');

    const card = await service.waitFor(() => teams.sent().find((r) => r.target?.kind === 'channel' && messageText(r.message).includes(result.concern.ref)));
    expect(card.target).toMatchObject({ platform: 'teams', conversationId: '19:53d4a316a5b3ccb90db2cbf31643a48e@thread.tacv2' });
    const text = messageText(card.message);
    expect(text).toContain('Jens Pedersen (Boligselskabet Fjordbo)');
    expect(text).toContain('[concern.ack]');
    expect(text).not.toContain('010190');
    expect((await service.store.getConcern(result.concern.id))?.teamId).toBe('bolig-indgang');
  });

  it('creates one concern when the same submission arrives twice', async () => {
    const before = (await service.store.listConcerns({})).length;
    const first = await service.core.submitIntake(jens, form(), 'core-flow:twice');
    const again = await service.core.submitIntake(jens, form(), 'core-flow:twice');
    expect(first.kind).toBe('created');
    expect(again.kind).toBe('duplicate');
    expect(await service.store.listConcerns({})).toHaveLength(before + 1);
  });

  it('marks missing and over-long fields instead of storing half a concern', async () => {
    const before = (await service.store.listConcerns({})).length;
    const result = await service.core.submitIntake(jens, form({ category: '', description: 'x'.repeat(10_001) }));
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(['category', 'description']);
    expect(await service.store.listConcerns({})).toHaveLength(before);
  });

  it('lets only the team acknowledge, tells the reporter and updates the card', async () => {
    const { concern } = await raise();
    const kasper = service.core.identify(KASPER_SSP)!;
    // Another team does not learn the concern exists; the reporter sees it but may not acknowledge.
    expect(await service.core.act(kasper, concern.id, { type: 'ack' })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await service.core.act(jens, concern.id, { type: 'ack' })).toMatchObject({ ok: false, code: 'forbidden' });

    const ack = await service.core.act(jonas, concern.id, { type: 'ack' });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(ack.concern.state).toBe('acknowledged');
    expect(messageText(ack.card)).toContain('Jonas Holm');
    expect(messageText(ack.card)).not.toContain('[concern.ack]');
    const told = await service.waitFor(() => slack.sent().find((r) => messageText(r.message).includes(`har kvitteret for din bekymring ${concern.ref}`)));
    expect(told.target).toEqual({ platform: 'slack', kind: 'user', userId: JENS.userId });
    const update = await service.waitFor(() => teams.updates().find((r) => messageText(r.message).includes(concern.ref)));
    expect(messageText(update.message)).not.toContain('[concern.ack]');

    const twice = await service.core.act(jonas, concern.id, { type: 'ack' });
    expect(twice).toMatchObject({ ok: true, repeated: true });
  });

  it('relays a reply to the reporter but never an internal note', async () => {
    const concern = await acknowledged();
    const note = await service.core.act(jonas, concern.id, { type: 'note', text: 'Intern: kender familien fra tidligere sag' });
    expect(note.ok).toBe(true);
    const reply = await service.core.act(jonas, concern.id, { type: 'reply', text: 'Vi tager ud i morgen formiddag.' });
    expect(reply.ok).toBe(true);
    const relayed = await service.waitFor(() => slack.sent().find((r) => messageText(r.message).includes(`Svar på ${concern.ref}`)));
    expect(messageText(relayed.message)).toContain('Jonas Holm');
    expect(messageText(relayed.message)).toContain('Vi tager ud i morgen formiddag.');
    await service.waitFor(() => teams.sent().find((r) => messageText(r.message).includes(`Intern note til ${concern.ref}`)));
    expect(slack.sent().some((r) => messageText(r.message).includes('kender familien'))).toBe(false);
  });

  it('relays information the reporter adds to the team', async () => {
    const { concern } = await raise();
    const added = await service.core.act(jens, concern.id, { type: 'add_info', text: 'Han er der igen i aften.' });
    expect(added.ok).toBe(true);
    const relayed = await service.waitFor(() => teams.sent().find((r) => messageText(r.message).includes(`har tilføjet oplysninger til ${concern.ref}`)));
    expect(messageText(relayed.message)).toContain('Han er der igen i aften.');
  });

  it('resolves, tells the reporter, and refuses further changes', async () => {
    const concern = await acknowledged();
    const resolved = await service.core.act(jonas, concern.id, { type: 'resolve', outcome: 'action_taken', message: 'Tilbudt plads på herberg.' });
    expect(resolved.ok).toBe(true);
    const told = await service.waitFor(() => slack.sent().find((r) => messageText(r.message).includes(`Din bekymring ${concern.ref} er afsluttet`)));
    expect(messageText(told.message)).toContain('Tilbudt plads på herberg.');
    expect(await service.core.act(jens, concern.id, { type: 'withdraw' })).toMatchObject({ ok: false, code: 'conflict' });
    const types = (await service.store.listEvents(concern.id)).map((e) => e.type).filter((type) => type !== 'notified');
    expect(types).toEqual(['created', 'routed', 'acknowledged', 'resolved']);
  });

  it('lists the association concerns for the reporter and the queue for the team', async () => {
    const { concern } = await raise({ category: 'mental_health', description: 'Beboer virker meget forvirret' });
    const mine = messageText(await service.core.status(jens));
    expect(mine).toContain(`${concern.ref} · Psykisk mistrivsel`);
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
