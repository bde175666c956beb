/**
 * The notify step (src/core/delivery.ts) against the in-memory store and recording messengers:
 * what each kind of delivery sends, to whom, in which language, what it records, and when it
 * sends nothing. The sample directory in English; the reporter writes in English too.
 */
import { describe, expect, it } from 'vitest';
import { deliver, messengerFor, refreshCards, teamTarget, type DeliveryAttempt } from '../../src/core/delivery.js';
import type { NotifyJob } from '../../src/core/effects.js';
import type { NeutralMessage } from '../../src/core/messages.js';
import type { Actor, EventType } from '../../src/core/model.js';
import { SYSTEM } from '../../src/core/model.js';
import { DeliveryError, type Messengers } from '../../src/core/ports.js';
import { at } from '../support/calendar.js';
import { seedConcern, testCore, who } from '../support/core-context.js';
import { createRecordingMessenger, messageText } from '../support/recording-messenger.js';

const MONDAY = at('2026-03-02 10:00');

async function setup(seed: Parameters<typeof seedConcern>[1] = {}) {
  const core = testCore(MONDAY);
  const concern = await seedConcern(core, seed);
  const slack = createRecordingMessenger('slack');
  const teams = createRecordingMessenger('teams');
  const messengers: Messengers = { slack, teams };
  const d = core.ctx.directory;
  const responder: Actor = { kind: 'user', ...who(d, 'boligIndgang').person };
  const reporter: Actor = { kind: 'user', ...who(d, 'reporter').person };
  /** Appends an event as a change with version `seq` would have recorded it. */
  const record = (type: EventType, seq: number, data: Record<string, unknown> = {}, actor: Actor = responder) =>
    core.store.appendEvents(concern.id, [{ type, actor, at: MONDAY, data: { ...data, seq } }]);
  const run = (job: Omit<NotifyJob, 'concernId'>, attempt?: DeliveryAttempt) => deliver(core.ctx, messengers, { concernId: concern.id, ...job }, attempt);
  const notified = async () => (await core.store.listEvents(concern.id)).filter((e) => e.type === 'notified').map((e) => e.data);
  return { core, concern, slack, teams, messengers, record, run, notified, responder, reporter };
}

const lines = (message: NeutralMessage) => message.blocks.filter((b) => b.kind === 'text').map((b) => (b as { text: string }).text);

describe('where messages go', () => {
  it("is a team's Slack channel or Teams channel", () => {
    const core = testCore(MONDAY);
    const team = (id: string) => core.ctx.directory.teams.find((t) => t.id === id)!;
    expect(teamTarget(team('socialpsykiatri'))).toEqual({ platform: 'slack', kind: 'channel', channel: 'C0RV4FF682F' });
    expect(teamTarget(team('bolig-indgang'))).toEqual({
      platform: 'teams',
      kind: 'channel',
      conversationId: '19:53d4a316a5b3ccb90db2cbf31643a48e@thread.tacv2',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      tenantId: '96e48123-c98e-4de6-90db-c6e03b4c8d59',
    });
  });

  it('waits for an administrator when the platform is not configured', () => {
    const slack = createRecordingMessenger('slack');
    const attempt: DeliveryAttempt = { platform: null, ref: null };
    expect(messengerFor({ slack }, 'slack', attempt)).toBe(slack);
    expect(attempt.platform).toBe('slack');
    let error: unknown;
    try {
      messengerFor({ slack }, 'teams', attempt);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'platform_off', reason: 'platform_off', disposition: 'wait', message: 'teams is not configured, so nobody there can be reached' });
    // The attempt says which platform it was for, so the delivery row can show it.
    expect(attempt.platform).toBe('teams');
  });
});

describe('team cards', () => {
  it("posts the card in the team's channel in the municipality's language and records it", async () => {
    const { run, teams, slack, notified, concern } = await setup();
    const attempt: DeliveryAttempt = { platform: null, ref: null };
    expect(await run({ kind: 'team_card', seq: 1, teamId: 'bolig-indgang' }, attempt)).toBe('sent');
    expect(slack.records).toEqual([]);
    const [sent] = teams.sent();
    expect(sent!.target).toMatchObject({ platform: 'teams', kind: 'channel', conversationId: '19:53d4a316a5b3ccb90db2cbf31643a48e@thread.tacv2' });
    expect(sent!.locale).toBe('en');
    expect(sent!.message.summary).toBe('New concern BB-2026-0001 (Normal) from Boligselskabet Fjordbo');
    expect(attempt).toEqual({ platform: 'teams', ref: { platform: 'teams', ref: { id: 'msg-1' } }, renderedVersion: concern.version });
    expect(await notified()).toEqual([{ kind: 'team_card', seq: 1, teamId: 'bolig-indgang', platform: 'teams' }]);
  });

  it("tells the backup team why the card came, with the time it waited", async () => {
    const { run, slack, record } = await setup();
    await record('escalated', 3, { step: 1, elapsedMinutes: 360 }, SYSTEM);
    expect(await run({ kind: 'team_card', seq: 3, teamId: 'socialpsykiatri' })).toBe('sent');
    const card = slack.sent()[0]!.message;
    const why = 'BB-2026-0001 with Boligsocial indgang (hjemløshed og udsættelse) has not been acknowledged after 6 h. You are backup: please pick it up.';
    expect(card.summary).toBe(why);
    expect(card.blocks[0]).toEqual({ kind: 'text', text: why });
  });

  it('adds no such words to the own team, nor to a card not sent by an escalation', async () => {
    const { run, slack, teams, record } = await setup();
    await record('escalated', 3, { elapsedMinutes: 360 }, SYSTEM);
    await run({ kind: 'team_card', seq: 3, teamId: 'bolig-indgang' });
    expect(teams.sent()[0]!.message.blocks[0]!.kind).toBe('header');
    await record('reassigned', 4, { toTeam: 'socialpsykiatri' });
    await run({ kind: 'team_card', seq: 4, teamId: 'socialpsykiatri' });
    expect(slack.sent()[0]!.message.summary).toBe('New concern BB-2026-0001 (Normal) from Boligselskabet Fjordbo');
  });

  it('refuses a card for a team the directory does not know, for good', async () => {
    const { run } = await setup();
    await expect(run({ kind: 'team_card', seq: 1, teamId: 'gone' })).rejects.toMatchObject({ code: 'validation', disposition: 'give_up', message: 'unknown team gone' });
  });

  it('updates every copy of the card, each rendered for its team', async () => {
    const { core, run, slack, teams, concern } = await setup();
    await core.store.saveMessageRef(concern.id, 'team_card', 'bolig-indgang', { platform: 'teams', ref: { id: 'T1' } });
    await core.store.appendEvents(concern.id, [], [{ queue: 'notify', jobId: 'notify-c1-team_card-3-socialpsykiatri', data: { concernId: concern.id, kind: 'team_card', seq: 3, teamId: 'socialpsykiatri' } }]);
    core.store.deliver('notify-c1-team_card-3-socialpsykiatri', { platform: 'slack', ref: { ts: '1.2' } });
    const attempt: DeliveryAttempt = { platform: null, ref: null };
    expect(await run({ kind: 'card_update', seq: 2 }, attempt)).toBe('sent');
    expect(teams.updates().map((u) => u.ref)).toEqual([{ platform: 'teams', ref: { id: 'T1' } }]);
    expect(slack.updates().map((u) => u.ref)).toEqual([{ platform: 'slack', ref: { ts: '1.2' } }]);
    // The backup team's copy (before any escalation) tells it the concern is with another team.
    expect(messageText(slack.updates()[0]!.message)).toContain('BB-2026-0001 has been moved to Boligsocial indgang (hjemløshed og udsættelse).');
    expect(messageText(teams.updates()[0]!.message)).toContain('[concern.ack]');
    expect(attempt.renderedVersion).toBe(1);
  });

  it("gives the backup team's copy the buttons once the ladder notified it, not after the team's reminder alone", async () => {
    const { core, run, slack, concern } = await setup();
    await core.store.saveMessageRef(concern.id, 'team_card', 'socialpsykiatri', { platform: 'slack', ref: { ts: '1.2' } });
    await core.store.updateConcern(concern.id, 1, { escalationLevel: 1 }, [], []);
    await run({ kind: 'card_update', seq: 2 });
    expect(messageText(slack.updates()[0]!.message)).not.toContain('[concern.ack]');
    await core.store.updateConcern(concern.id, 2, { escalationLevel: 2 }, [], []);
    await run({ kind: 'card_update', seq: 3 });
    expect(messageText(slack.updates()[1]!.message)).toContain('[concern.ack]');
    expect(messageText(slack.updates()[1]!.message)).not.toContain('has been moved to');
  });

  it('skips an update when no card was posted yet', async () => {
    const { run, slack, teams } = await setup();
    expect(await run({ kind: 'card_update', seq: 2 })).toBe('skipped');
    expect([...slack.records, ...teams.records]).toEqual([]);
  });
});

describe('messages to the reporter', () => {
  it('says who acknowledged, with their note, in the reporter language, and records it', async () => {
    const { run, slack, record, notified } = await setup();
    await record('acknowledged', 2, { teamId: 'bolig-indgang', note: 'We visit today.' });
    const attempt: DeliveryAttempt = { platform: null, ref: null };
    expect(await run({ kind: 'reporter_event', seq: 2 }, attempt)).toBe('sent');
    const [sent] = slack.sent();
    expect(sent!.target).toEqual({ platform: 'slack', kind: 'user', userId: 'U0PG4KAPUT7' });
    expect(sent!.locale).toBe('en');
    expect(lines(sent!.message)).toEqual([
      'Mette Kristensen (Nordfjord Kommune) acknowledged your concern BB-2026-0001.',
      'Message from Mette Kristensen: We visit today.',
    ]);
    expect(attempt.ref).toEqual({ platform: 'slack', ref: { id: 'msg-1' } });
    expect(await notified()).toEqual([{ kind: 'reporter_event', seq: 2, to: 'reporter', platform: 'slack', about: 'acknowledged' }]);
  });

  it('relays a reply with buttons to add information or withdraw', async () => {
    const { run, slack, record } = await setup();
    await record('replied', 2, { text: 'We are on it.' });
    await run({ kind: 'reporter_event', seq: 2 });
    const message = slack.sent()[0]!.message;
    expect(lines(message)).toEqual(['Reply on BB-2026-0001 from Mette Kristensen (Nordfjord Kommune):', 'We are on it.']);
    expect(message.blocks.at(-1)).toMatchObject({ kind: 'actions', actions: [{ id: 'concern.add_info' }, { id: 'concern.withdraw' }] });
  });

  it('tells the outcome and asks whether it helped while the concern is resolved', async () => {
    const { core, run, slack, record, concern } = await setup();
    await core.store.updateConcern(concern.id, 1, { state: 'resolved', outcome: 'referred' }, [], []);
    await record('resolved', 2, { outcome: 'referred', message: 'Call them on Monday.', teamId: 'bolig-indgang' });
    await run({ kind: 'reporter_event', seq: 2 });
    const message = slack.sent()[0]!.message;
    expect(lines(message)).toEqual([
      'Your concern BB-2026-0001 was resolved by Mette Kristensen of Boligsocial indgang (hjemløshed og udsættelse). It has been passed on to the service that can help.',
      'Message from Boligsocial indgang (hjemløshed og udsættelse): Call them on Monday.',
      'Did it help?',
    ]);
    expect(message.blocks.slice(-2)).toEqual([
      { kind: 'input', id: 'comment', label: 'Comment (optional)' },
      {
        kind: 'actions',
        actions: [
          { id: 'concern.feedback', label: 'Yes, it helped', concernId: 'c1', args: { helpful: true }, style: 'primary' },
          { id: 'concern.feedback', label: 'No', concernId: 'c1', args: { helpful: false } },
        ],
      },
    ]);
  });

  it('asks no feedback on a resolution that was since reopened', async () => {
    const { run, slack, record } = await setup();
    await record('resolved', 2, { outcome: 'other' });
    await run({ kind: 'reporter_event', seq: 2 });
    const message = slack.sent()[0]!.message;
    expect(lines(message)).toEqual(['Your concern BB-2026-0001 was resolved by Mette Kristensen of Boligsocial indgang (hjemløshed og udsættelse). The case is closed.']);
    expect(message.blocks).toHaveLength(1);
  });

  it('passes a question on with an Answer button, and a move to another team', async () => {
    const { run, slack, record } = await setup();
    await record('asked', 2, { text: 'Which floor?' });
    await record('reassigned', 3, { toTeam: 'ssp' });
    await run({ kind: 'reporter_event', seq: 2 });
    await run({ kind: 'reporter_event', seq: 3 });
    const [asked, moved] = slack.sent();
    expect(lines(asked!.message)).toEqual(['Mette Kristensen (Nordfjord Kommune) of Boligsocial indgang (hjemløshed og udsættelse) has a question about your concern BB-2026-0001:', 'Which floor?']);
    expect(asked!.message.blocks.at(-1)).toEqual({ kind: 'actions', actions: [{ id: 'concern.answer', label: 'Answer', concernId: 'c1', style: 'primary' }] });
    expect(lines(moved!.message)).toEqual(['Your concern BB-2026-0001 has been moved to SSP Nordfjord.']);
  });

  it('takes the last event of a change as the news, and skips events that are not news to the reporter', async () => {
    const { run, slack, record, notified } = await setup();
    await record('acknowledged', 2);
    await record('asked', 2, { text: 'Which floor?' });
    await run({ kind: 'reporter_event', seq: 2 });
    expect(lines(slack.sent()[0]!.message)[1]).toBe('Which floor?');
    // A 'notified' event carries the same seq; it is never the news.
    await record('noted', 4, { text: 'internal' });
    expect(await run({ kind: 'reporter_event', seq: 4 })).toBe('skipped');
    expect(await run({ kind: 'reporter_event', seq: 9 })).toBe('skipped');
    expect(slack.sent()).toHaveLength(1);
    expect(await notified()).toHaveLength(1);
  });

  it('reminds of an unanswered question once, only while that very question waits', async () => {
    const { core, run, slack, record, concern, notified } = await setup();
    await record('asked', 2, { text: 'Which floor?' });
    expect(await run({ kind: 'reporter_reminder', seq: 2 })).toBe('skipped'); // not waiting (yet)
    await core.store.updateConcern(concern.id, 1, { state: 'waiting' }, [], []);
    expect(await run({ kind: 'reporter_reminder', seq: 2 })).toBe('sent');
    expect(lines(slack.sent()[0]!.message)).toEqual(['Reminder: Boligsocial indgang (hjemløshed og udsættelse) is still waiting for your answer about BB-2026-0001:', 'Which floor?']);
    expect((await notified()).at(-1)).toEqual({ kind: 'reporter_reminder', seq: 2, to: 'reporter', platform: 'slack', about: 'reminder' });
    await record('asked', 5, { text: 'And the door code?' });
    expect(await run({ kind: 'reporter_reminder', seq: 2 })).toBe('skipped');
    expect(slack.sent()).toHaveLength(1);
  });

  it('reaches a reporter on Teams through the Teams messenger', async () => {
    const core = testCore(MONDAY);
    const outsider = who(core.ctx.directory, 'otherReporter');
    const concern = await seedConcern(core, { reporter: outsider });
    await core.store.appendEvents(concern.id, [{ type: 'reassigned', actor: SYSTEM, at: MONDAY, data: { toTeam: 'ssp', seq: 2 } }]);
    const teams = createRecordingMessenger('teams');
    expect(await deliver(core.ctx, { teams }, { concernId: concern.id, kind: 'reporter_event', seq: 2 })).toBe('sent');
    expect(teams.sent()[0]!.target).toEqual({ platform: 'teams', kind: 'user', userId: '3033cc50-64d9-402a-9710-196e4de65a07' });
  });
});

describe('messages to the team', () => {
  it.each([
    ['info_added', { text: 'He has a dog.' }, 'reporter', ['Jens Pedersen (Boligselskabet Fjordbo) added information to BB-2026-0001:', 'He has a dog.']],
    ['noted', { text: 'Called the landlord.' }, 'responder', ['Internal note on BB-2026-0001 from Mette Kristensen (Nordfjord Kommune):', 'Called the landlord.']],
    ['withdrawn', { reason: 'Solved itself' }, 'reporter', ['Jens Pedersen (Boligselskabet Fjordbo) withdrew BB-2026-0001.', 'Solved itself']],
    ['withdrawn', {}, 'reporter', ['Jens Pedersen (Boligselskabet Fjordbo) withdrew BB-2026-0001.']],
    ['answered', { text: 'Second floor.' }, 'reporter', ['Answer to the question about BB-2026-0001 from Jens Pedersen (Boligselskabet Fjordbo):', 'Second floor.']],
    ['reopened', { reason: 'He is back.' }, 'reporter', ['BB-2026-0001 was reopened by Jens Pedersen (Boligselskabet Fjordbo). Reason:', 'He is back.']],
    ['feedback', { helpful: true }, 'reporter', ['Jens Pedersen (Boligselskabet Fjordbo) says the resolution of BB-2026-0001 helped.']],
    ['feedback', { helpful: false, comment: 'Nobody came.' }, 'reporter', ['Jens Pedersen (Boligselskabet Fjordbo) says the resolution of BB-2026-0001 did not help.', 'Nobody came.']],
    ['escalated', { elapsedMinutes: 241 }, 'system', ['Reminder: BB-2026-0001 has not been acknowledged after 4 h 1 min.']],
  ] as const)('tells the team about %s %j', async (type, data, by, expected) => {
    const { run, teams, record, notified, responder, reporter } = await setup();
    const actor = by === 'reporter' ? reporter : by === 'responder' ? responder : SYSTEM;
    await record(type, 2, data, actor);
    expect(await run({ kind: 'team_event', seq: 2, teamId: 'bolig-indgang' })).toBe('sent');
    const [sent] = teams.sent();
    expect(sent!.target).toMatchObject({ platform: 'teams', kind: 'channel' });
    expect(sent!.locale).toBe('en');
    expect(lines(sent!.message)).toEqual(expected);
    expect(await notified()).toEqual([{ kind: 'team_event', seq: 2, teamId: 'bolig-indgang', platform: 'teams', about: type }]);
  });

  it("writes to the job's team, else the concern's, and skips what is no team news", async () => {
    const { run, slack, teams, record } = await setup();
    await record('info_added', 2, { text: 'x' });
    expect(await run({ kind: 'team_event', seq: 2, teamId: 'socialpsykiatri' })).toBe('sent');
    expect(slack.sent()[0]!.target).toEqual({ platform: 'slack', kind: 'channel', channel: 'C0RV4FF682F' });
    expect(await run({ kind: 'team_event', seq: 2 })).toBe('sent');
    expect(teams.sent()).toHaveLength(1);
    expect(await run({ kind: 'team_event', seq: 2, teamId: 'gone' })).toBe('skipped');
    await record('acknowledged', 3);
    expect(await run({ kind: 'team_event', seq: 3 })).toBe('skipped');
    expect(await run({ kind: 'team_event', seq: 7 })).toBe('skipped');
    expect(slack.sent()).toHaveLength(1);
    expect(teams.sent()).toHaveLength(1);
  });
});

describe('messages to managers', () => {
  it('tells one manager how long the concern has waited, with its urgency', async () => {
    const { run, teams, record, notified } = await setup({ urgency: 'high' });
    await record('escalated', 4, { step: 2, elapsedMinutes: 120 }, SYSTEM);
    const attempt: DeliveryAttempt = { platform: null, ref: null };
    expect(await run({ kind: 'manager_event', seq: 4, recipient: 'teams/368897c3-c1b6-491e-a509-a0d77a793c53' }, attempt)).toBe('sent');
    const [sent] = teams.sent();
    expect(sent!.target).toEqual({ platform: 'teams', kind: 'user', userId: '368897c3-c1b6-491e-a509-a0d77a793c53' });
    const text = 'BB-2026-0001 with Boligsocial indgang (hjemløshed og udsættelse) has not been acknowledged after 2 h.';
    expect(sent!.message).toEqual({ summary: text, blocks: [{ kind: 'text', text }, { kind: 'fields', fields: [{ label: 'Urgency', value: 'High' }] }] });
    expect(attempt.platform).toBe('teams');
    expect(await notified()).toEqual([{ kind: 'manager_event', seq: 4, to: 'manager', platform: 'teams' }]);
  });

  it('skips a manager delivery without a recipient or without its event', async () => {
    const { run, teams, slack, record } = await setup();
    await record('escalated', 4, { elapsedMinutes: 120 }, SYSTEM);
    expect(await run({ kind: 'manager_event', seq: 4 })).toBe('skipped');
    expect(await run({ kind: 'manager_event', seq: 4, recipient: 'teams' })).toBe('skipped');
    expect(await run({ kind: 'manager_event', seq: 5, recipient: 'slack/U0Q3BWL6FDB' })).toBe('skipped');
    expect([...teams.records, ...slack.records]).toEqual([]);
  });
});

describe('a concern that is gone', () => {
  it('owes nothing', async () => {
    const { core, messengers } = await setup();
    expect(await deliver(core.ctx, messengers, { concernId: 'gone', kind: 'team_card', teamId: 'bolig-indgang', seq: 1 })).toBe('skipped');
  });
});

describe('refreshing cards', () => {
  it('does nothing when the card was rendered from the current version', async () => {
    const { core, messengers, teams, concern } = await setup();
    await core.store.saveMessageRef(concern.id, 'team_card', 'bolig-indgang', { platform: 'teams', ref: { id: 'T1' } });
    await refreshCards(core.ctx, messengers, concern.id, concern.version);
    await refreshCards(core.ctx, messengers, 'gone', 1);
    expect(teams.records).toEqual([]);
  });

  it('renders every copy again from a newer version', async () => {
    const { core, messengers, teams, slack, concern } = await setup();
    await core.store.saveMessageRef(concern.id, 'team_card', 'bolig-indgang', { platform: 'teams', ref: { id: 'T1' } });
    await core.store.saveMessageRef(concern.id, 'team_card', 'socialpsykiatri', { platform: 'slack', ref: { ts: '1.2' } });
    await core.store.updateConcern(concern.id, 1, { state: 'acknowledged' }, [], []);
    await refreshCards(core.ctx, messengers, concern.id, 1);
    expect(teams.updates()).toHaveLength(1);
    expect(slack.updates()).toHaveLength(1);
    expect(messageText(teams.updates()[0]!.message)).not.toContain('[concern.ack]');
    expect(teams.updates()[0]!.locale).toBe('en');
  });

  it('follows a concern that changes while its cards are updated, three rounds at most', async () => {
    const { core, teams, concern } = await setup();
    await core.store.saveMessageRef(concern.id, 'team_card', 'bolig-indgang', { platform: 'teams', ref: { id: 'T1' } });
    const changing = {
      ...teams,
      async update(...args: Parameters<typeof teams.update>) {
        await teams.update(...args);
        const now = (await core.store.getConcern(concern.id))!;
        await core.store.updateConcern(concern.id, now.version, {}, [], []);
      },
    };
    await refreshCards(core.ctx, { teams: changing }, concern.id, 0);
    expect(teams.updates()).toHaveLength(3);
  });
});
