/**
 * What `brobygger doctor` and the start-up check look at beyond "does it answer": Redis set up
 * the way BullMQ needs it, every team's delivery target, and deliveries waiting for an
 * administrator. Each problem comes with the fix, in words an operator can act on.
 */
import type { Redis } from 'ioredis';
import type { DeliveryStore, WaitingDelivery } from '../core/deliveries.js';
import type { Directory, Team } from '../core/directory.js';
import type { Platform } from '../core/model.js';
import type { Messengers, TargetProblem } from '../core/ports.js';

export interface Problem {
  /** What is wrong where, e.g. "team bolig-indgang (Slack C0BOLIG001)". */
  subject: string;
  problem: string;
  fix: string;
}

const PLATFORM_NAME: Record<Platform, string> = { slack: 'Slack', teams: 'Teams' };
const ENABLE: Record<Platform, string> = {
  slack: 'set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) and restart',
  teams: 'set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD and restart',
};

/** The fix for a reason a delivery waits (or a target check failed). */
export function fixFor(reason: string | null, platform: Platform | null, where = 'the channel'): string {
  switch (reason) {
    case 'not_in_channel':
      return `invite the bot to ${where} (in Slack: /invite @Brobygger)`;
    case 'channel_not_found':
      return `check the channel id in the directory (teams[].notify.slack.channel, C…); for a private channel, invite the bot first`;
    case 'channel_archived':
      return `unarchive ${where}, or point the team at another channel in the directory`;
    case 'bot_removed':
      return 'add the Brobygger app to the team again in Teams (Apps → Manage your apps)';
    case 'conversation_not_found':
      return 'check notify.teams.conversationId and serviceUrl in the directory (they are logged when the app is added to a team)';
    case 'platform_off':
      return platform ? `${PLATFORM_NAME[platform]} is off: ${ENABLE[platform]}, or move the team to a platform that is on` : 'configure the platform';
    case 'auth':
      return platform === 'teams'
        ? 'the bot credentials were refused: check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID'
        : 'the bot token was refused (revoked or the app uninstalled): reinstall the app and set the new SLACK_BOT_TOKEN';
    case 'missing_scope':
      return 'reinstall the Slack app from manifests/slack/manifest.yaml so it has every scope it needs';
    default:
      return 'see the reason; the delivery is retried every few minutes and at start-up';
  }
}

function targetOf(team: Team): { platform: Platform; where: string } {
  return 'slack' in team.notify
    ? { platform: 'slack', where: `Slack ${team.notify.slack.channel}` }
    : { platform: 'teams', where: `Teams ${team.notify.teams.conversationId}` };
}

export interface TargetCheckDeps {
  platformsOn: Record<Platform, boolean>;
  /** conversations.info for a Slack channel; left out when Slack is off. */
  slackChannel?: (channel: string) => Promise<TargetProblem | null>;
}

/** Every directory team's target: its platform is on; a Slack channel exists and has the bot. */
export async function checkDeliveryTargets(directory: Directory, deps: TargetCheckDeps): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const team of directory.teams) {
    const { platform, where } = targetOf(team);
    const subject = `team ${team.id} (${where})`;
    if (!deps.platformsOn[platform]) {
      problems.push({ subject, problem: `${PLATFORM_NAME[platform]} is off, so the team's cards wait`, fix: fixFor('platform_off', platform) });
      continue;
    }
    if ('slack' in team.notify && deps.slackChannel) {
      const found = await deps.slackChannel(team.notify.slack.channel);
      if (found) problems.push({ subject, problem: found.detail, fix: fixFor(found.reason, 'slack', `Slack channel ${team.notify.slack.channel}`) });
    }
  }
  return problems;
}

const infoField = (info: string, field: string) => new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim();

/**
 * Redis as BullMQ needs it: `maxmemory-policy noeviction` (otherwise Redis may evict queued jobs,
 * https://docs.bullmq.io/guide/going-to-production#max-memory-policy), and persistence (AOF or
 * RDB) for a Redis we did not start, so a restart keeps the work.
 */
export async function checkRedisForQueues(redis: Redis, options: { startedByUs: boolean }): Promise<Problem[]> {
  const problems: Problem[] = [];
  const policy = infoField(await redis.info('memory'), 'maxmemory_policy');
  if (policy && policy !== 'noeviction') {
    problems.push({
      subject: 'Redis',
      problem: `maxmemory-policy is ${policy}: Redis may evict queued jobs when memory runs short`,
      fix: 'set maxmemory-policy noeviction (redis.conf, or CONFIG SET maxmemory-policy noeviction; on a managed Redis, in its parameter group)',
    });
  }
  if (!options.startedByUs) {
    const aof = infoField(await redis.info('persistence'), 'aof_enabled') === '1';
    let rdb: boolean | null = null;
    try {
      const [, save] = (await redis.config('GET', 'save')) as string[];
      rdb = !!save && save.trim() !== '';
    } catch {
      rdb = null; // CONFIG is disabled on many managed Redis services: cannot tell, so say nothing.
    }
    if (!aof && rdb === false) {
      problems.push({
        subject: 'Redis',
        problem: 'persistence is off (no AOF, no RDB snapshots): a Redis restart loses every queued job until the reconciler rebuilds it',
        fix: 'turn on AOF (appendonly yes) or RDB snapshots (save 60 1000)',
      });
    }
  }
  return problems;
}

export function waitingProblem(w: WaitingDelivery): Problem {
  const about = w.concernRef ? `${w.kind} of ${w.concernRef}` : w.kind;
  return {
    subject: `delivery ${about}${w.platform ? ` (${PLATFORM_NAME[w.platform]})` : ''}`,
    problem: `waiting since ${w.since.toISOString()} after ${w.attempts} attempt${w.attempts === 1 ? '' : 's'}: ${w.reason ?? 'unknown'}`,
    fix: fixFor(w.reason, w.platform),
  };
}

export async function checkWaitingDeliveries(deliveries: Pick<DeliveryStore, 'listWaiting'>, limit = 100): Promise<Problem[]> {
  return (await deliveries.listWaiting(limit)).map(waitingProblem);
}

/** The start-up check: Redis as BullMQ needs it, every team's target, deliveries already waiting. */
export async function startupProblems(deps: {
  redis: Redis;
  startedRedis: boolean;
  directory: Directory;
  messengers: Messengers;
  deliveries: Pick<DeliveryStore, 'listWaiting'>;
}): Promise<Problem[]> {
  const slack = deps.messengers.slack;
  return [
    ...(await checkRedisForQueues(deps.redis, { startedByUs: deps.startedRedis })),
    ...(await checkDeliveryTargets(deps.directory, {
      platformsOn: { slack: !!deps.messengers.slack, teams: !!deps.messengers.teams },
      ...(slack?.checkTarget ? { slackChannel: (channel: string) => slack.checkTarget!({ platform: 'slack', kind: 'channel', channel }) } : {}),
    })),
    ...(await checkWaitingDeliveries(deps.deliveries)),
  ];
}
