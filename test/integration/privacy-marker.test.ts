/**
 * What people write about residents stays in the database: a unique marker sentence sent through
 * both platforms' real HTTP endpoints — intake, DMs, replies, notes, added information,
 * reassignment reasons and outcomes, including calls the platforms fail — never shows up in the
 * logs (every level, through the service's own logger), in /metrics, or in anything this test's
 * Redis prefix holds. The CPR numbers in the same texts appear nowhere at all, not even in the
 * database or in what the platforms receive.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { SAMPLE, allText, jensIntake, messageOf, startBothPlatforms, viewOf, type BothPlatforms } from '../support/both-platforms.js';
import { blockAction, directMessage, slashCommand } from '../support/slack-requests.js';
import { cardTexts, findAction, personalConversationId, personalMessage } from '../support/teams-activities.js';

const { ANNE, BOLIG_CHANNEL, FJORDBO_WORKSPACE, JENS, JONAS, KOMMUNE_TENANT, KOMMUNE_WORKSPACE, LARS, NAB_TENANT, SOCIALPSYKIATRI_CHANNEL } = SAMPLE;

/** A word nobody else writes, in every text this test sends. */
const MARKER = `Markørsætning${randomBytes(6).toString('hex')}`;
/** CPR numbers in forms that used to slip through, and their digits as a search key. */
const CPR_FORMS = ['05.05.90-1234', '050590\u00AD1234', '05 05 90-1234', '0505\u200B901234'];
const CPR_DIGITS = ['0505901234', '05.05.90', '05 05 90', '901234'];
const said = (what: string, i = 0) => `${MARKER} ${what} (cpr ${CPR_FORMS[i % CPR_FORMS.length]})`;

/** Everything under `prefix:` in Redis, values included, as one string. */
async function redisDump(url: string, prefix: string): Promise<{ keys: string[]; text: string }> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    const parts: string[] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'string') parts.push(String(await redis.get(key)));
      else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1)));
      else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
    return { keys, text: `${keys.join('\n')}\n${parts.join('\n')}` };
  } finally {
    redis.disconnect();
  }
}

describe('free text never leaves the database', () => {
  let both: BothPlatforms;
  const logLines: string[] = [];

  beforeAll(async () => {
    both = await startBothPlatforms({ logger: createLogger('trace', { service: 'brobygger' }, { write: (line: string) => void logLines.push(line) }) });
  });
  afterAll(async () => {
    await both?.stop();
  });

  it('a Slack caretaker, a Teams team: intake, DM, replies, notes, information, reassignment, outcome', async () => {
    const { slack, connector, service, sign, slackPost, press, viaSlackModal, sentTo, teamsPerson: person } = both;
    // A DM first: the bot offers the form and says what it removed.
    await slackPost(directMessage({ teamId: FJORDBO_WORKSPACE, userId: JENS, text: said('En hjemløs mand sover i kælderen', 1) }, sign));
    const notice = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === `D${JENS.slice(1)}` && allText(c.args).includes('fjernet et CPR-nummer'));
    expect(allText(notice.args)).not.toContain('1234');
    // A slash command whose modal Slack refuses, then one that opens.
    slack.failNext('views.open', 'expired_trigger_id');
    await slackPost(slashCommand({ userId: JENS, teamId: FJORDBO_WORKSPACE, text: said('hjemløs i kælderen', 2) }, sign));
    await slack.waitForCall('chat.postEphemeral', (c) => c.args.user === JENS);
    await slackPost(slashCommand({ userId: JENS, teamId: FJORDBO_WORKSPACE, text: said('hjemløs i kælderen', 3) }, sign));
    const intake = viewOf(await slack.waitForCall('views.open', (c) => viewOf(c).callback_id === 'intake' && allText(c.args.view).includes(MARKER)));
    expect(allText(intake)).toContain('[CPR fjernet]');

    const description = said('Manden sover bag cykelrummet', 0);
    const submitted = await slackPost(jensIntake(sign, `Havnegade 12 ${MARKER}`, description));
    expect(allText(await submitted.json())).toContain('fjernet et CPR-nummer');
    const concern = await service.waitFor(async () => (await service.store.listConcerns({})).find((c) => c.description.startsWith(MARKER)));
    expect(concern.description).toBe(`${MARKER} Manden sover bag cykelrummet (cpr [CPR fjernet])`);

    const card = await connector.waitFor((c) => sentTo(BOLIG_CHANNEL, concern.ref)(c) && !!findAction(connector.cardsOf(c), 'concern.ack'));
    const onCard = { replyToId: card.responseId!, channelId: BOLIG_CHANNEL };
    const jonas = person(JONAS, KOMMUNE_TENANT);
    await press(jonas, { action: 'concern.ack', concernId: concern.id }, onCard);
    const replied = await press(jonas, { action: 'concern.reply', concernId: concern.id, step: 'submit', text: said('Vi kommer i morgen', 1) }, onCard);
    expect(cardTexts(replied.value)).toContain('fjernet et CPR-nummer');
    const replyDm = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === JENS && allText(c.args.blocks).includes(MARKER));
    await press(jonas, { action: 'concern.note', concernId: concern.id, step: 'submit', text: said('INTERN note', 2) }, onCard);
    // The channel is unreachable once: the notice is retried, and the failure logged.
    connector.failNext(500, { kinds: ['send'] });
    await viaSlackModal(JENS, FJORDBO_WORKSPACE, 'add_info', concern.id, messageOf(replyDm), { text: { type: 'plain_text_input', value: said('Han er der efter kl. 9', 3) } });
    await connector.waitFor(sentTo(BOLIG_CHANNEL, `${MARKER} Han er der efter kl. 9`));
    await press(jonas, { action: 'concern.reassign', concernId: concern.id, step: 'submit', teamId: 'socialpsykiatri', reason: said('Psykisk syg', 0) }, onCard);
    const moved = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === SOCIALPSYKIATRI_CHANNEL && allText(c.args.blocks).includes(concern.ref));
    await slackPost(blockAction({ userId: ANNE, teamId: KOMMUNE_WORKSPACE, actionId: 'concern.ack', value: concern.id, message: messageOf(moved) }, sign));
    await viaSlackModal(ANNE, KOMMUNE_WORKSPACE, 'resolve', concern.id, messageOf(moved), {
      // The outcome is a choice (an id); the free text is the message to the reporter.
      outcome: { type: 'radio_buttons', selected: 'referred' },
      message: { type: 'plain_text_input', value: said('Henvist til herberg', 1) },
    });
    await service.waitFor(async () => ((await service.store.getConcern(concern.id))?.state === 'resolved' ? true : undefined));
  });

  it('a Teams caretaker, a Slack team: personal chat, intake, reply, note, added information', async () => {
    const { slack, connector, sign, slackPost, teamsPost, press, viaSlackModal, sentTo, teamsPerson: person } = both;
    const lars = person(LARS, NAB_TENANT);
    const message = personalMessage({ ...lars, text: said('En beboer råber om natten, han har det psykisk dårligt', 0) });
    expect((await teamsPost(message)).status).toBe(200);
    const formReply = await connector.waitFor((c) => c.kind === 'reply' && c.activityId === message.id && allText(connector.cardsOf(c)).includes(MARKER));
    expect(allText(connector.calls.filter((c) => c.kind === 'reply' && c.activityId === message.id).map((c) => c.body))).toContain('fjernet et CPR-nummer');
    const submit = findAction(connector.cardsOf(formReply)[0], 'intake.submit')!;
    const description = said('Beboeren råber om natten', 2);
    const confirmation = await press(
      lars,
      { ...submit.data, category: 'mental_health', departmentId: 'solgaarden', address: `Solgården 4 ${MARKER}`, urgency: 'high', description, residentKnows: 'no' },
      { replyToId: formReply.responseId! },
    );
    const concernId = String(findAction(confirmation.value, 'concern.add_info')?.data?.concernId);
    const card = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === SOCIALPSYKIATRI_CHANNEL && allText(c.args.blocks).includes(concernId));
    await slackPost(blockAction({ userId: ANNE, teamId: KOMMUNE_WORKSPACE, actionId: 'concern.ack', value: concernId, message: messageOf(card) }, sign));
    await viaSlackModal(ANNE, KOMMUNE_WORKSPACE, 'reply', concernId, messageOf(card), { text: { type: 'plain_text_input', value: said('Vi kommer kl. 14', 3) } });
    const chat = personalConversationId(LARS.aadObjectId);
    const reply = await connector.waitFor(sentTo(chat, `${MARKER} Vi kommer kl. 14 (cpr [CPR fjernet])`));
    await viaSlackModal(ANNE, KOMMUNE_WORKSPACE, 'note', concernId, messageOf(card), { text: { type: 'plain_text_input', value: said('INTERN', 1) } });
    slack.failNext('chat.postMessage', 'internal_error');
    await press(lars, { action: 'concern.add_info', concernId, step: 'submit', text: said('Han har ingen familie', 2) }, { replyToId: reply.responseId!, channelId: chat });
    await slack.waitForCall('chat.postMessage', (c) => c.args.channel === SOCIALPSYKIATRI_CHANNEL && allText(c.args.blocks).includes('Han har ingen familie'));
  });

  it('leaves no marker in logs, /metrics or Redis, and no CPR number anywhere', async () => {
    const { slack, connector, service } = both;
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    const redis = await redisDump(service.redisUrl, service.redisPrefix);
    const logs = logLines.join('');
    // The capture really saw the service at work, and the Redis prefix really held its jobs.
    expect(logs).toContain('"level":50');
    expect(logs).toContain('HTTP: listening');
    expect(redis.keys.some((k) => k.includes(':notify:'))).toBe(true);
    expect(metrics).toContain('brobygger_');

    for (const [where, text] of [['logs', logs], ['/metrics', metrics], ['Redis', redis.text]] as const) {
      expect({ where, leaked: text.includes(MARKER) }).toEqual({ where, leaked: false });
    }

    // Every table of the database, outbox and conversation references included.
    const { sql } = service.database;
    const tables = await sql.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`);
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['concerns', 'concern_events', 'outbox', 'conversation_refs']));
    const rows = await Promise.all(tables.map((t) => sql.query(`SELECT * FROM ${t.table_name}`)));
    const stored = JSON.stringify(rows);
    expect(stored).toContain(MARKER);
    const platforms = JSON.stringify([slack.calls(), connector.calls]);
    for (const [where, text] of [['logs', logs], ['/metrics', metrics], ['Redis', redis.text], ['database', stored], ['Slack and Teams', platforms]] as const) {
      for (const digits of CPR_DIGITS) expect({ where, digits, leaked: text.includes(digits) }).toEqual({ where, digits, leaked: false });
    }
  });
});
