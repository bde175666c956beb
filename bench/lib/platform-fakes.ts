/**
 * The local stand-ins for Slack's Web API and the Teams Bot Connector (test/fakes), plus when each
 * concern's team notification arrived there, keyed by the concern reference on the card.
 */
import { startFakeBotConnector, type FakeBotConnector } from '../../test/fakes/bot-connector.js';
import { startFakeSlack, type FakeSlack } from '../../test/fakes/slack-web-api.js';
import type { BenchDirectory } from './directory.js';
import { BOT_TOKEN, referenceIn } from './intake-requests.js';
import type { Resources } from './resources.js';

export interface PlatformFakes {
  slack: FakeSlack;
  connector: FakeBotConnector;
  /** Call once the directory (which needs the connector's URL) exists: learns its users and team channels. */
  watch(directory: BenchDirectory): void;
  /** Concern reference → Date.now() when its first team card arrived, and on which platform. */
  teamCardArrivals(): Map<string, { atMs: number; platform: 'slack' | 'teams' }>;
  /** Team channel messages (cards and reminders) seen so far, per platform. */
  teamMessages(): { slack: number; teams: number };
  reset(): void;
}

export async function startPlatformFakes(resources: Resources): Promise<PlatformFakes> {
  const slack = await startFakeSlack({ token: BOT_TOKEN });
  resources.add(slack, 'fake Slack', () => slack.close());
  const connector = await startFakeBotConnector();
  resources.add(connector, 'fake Bot Connector', () => connector.close());

  let slackChannels = new Set<string>();
  let teamsConversations = new Set<string>();
  let teamsArrivals = new Map<string, number>();
  let teamsMessages = 0;

  // The connector records no arrival time; a waiter that never matches sees every call as it lands.
  const tap = connector.waitFor((call) => {
    if (call.kind !== 'send' || !call.conversationId || !teamsConversations.has(call.conversationId)) return false;
    teamsMessages += 1;
    const ref = referenceIn(JSON.stringify(call.body));
    if (ref && !teamsArrivals.has(ref)) teamsArrivals.set(ref, Date.now());
    return false;
  }, 2 ** 31 - 1);
  tap.catch(() => undefined);

  return {
    slack,
    connector,
    watch(directory) {
      directory.reporters.forEach((r, i) => slack.addUser({ id: r.userId, teamId: r.teamId, realName: `Vicevært ${i + 1}`, locale: 'da-DK' }));
      slackChannels = new Set();
      teamsConversations = new Set();
      for (const destination of directory.teamDestinations.values()) {
        if (destination.platform === 'slack') slackChannels.add(destination.channel);
        else teamsConversations.add(destination.conversationId);
      }
    },
    teamCardArrivals() {
      const arrivals = new Map<string, { atMs: number; platform: 'slack' | 'teams' }>();
      for (const call of slack.calls('chat.postMessage')) {
        if (call.status !== 200 || call.response.ok !== true || !slackChannels.has(String(call.args.channel))) continue;
        const ref = referenceIn(`${String(call.args.text ?? '')} ${JSON.stringify(call.args.blocks ?? [])}`);
        if (ref && !arrivals.has(ref)) arrivals.set(ref, { atMs: call.at, platform: 'slack' });
      }
      for (const [ref, atMs] of teamsArrivals) if (!arrivals.has(ref)) arrivals.set(ref, { atMs, platform: 'teams' });
      return arrivals;
    },
    teamMessages() {
      const slackCount = slack.calls('chat.postMessage').filter((c) => slackChannels.has(String(c.args.channel))).length;
      return { slack: slackCount, teams: teamsMessages };
    },
    reset() {
      slack.reset();
      connector.reset();
      teamsArrivals = new Map();
      teamsMessages = 0;
    },
  };
}
