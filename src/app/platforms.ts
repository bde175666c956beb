/** Which chat platforms are on, and their adapters: the only place that knows both exist. */
import type { Request, Response, Router } from 'express';
import type { ImageLinks } from '../../adapters/teams/images.js';
import type { BrobyggerCore } from '../core/api.js';
import type { ConversationRefs, DeliveryDedupe, IntakeDrafts, Messengers } from '../core/ports.js';
import type { Config } from './env.js';
import type { Logger } from './logger.js';
import { startupStep } from './startup-failure.js';

export interface PlatformDeps {
  core: BrobyggerCore;
  dedupe: DeliveryDedupe;
  drafts: IntakeDrafts;
  conversations: ConversationRefs;
  logger: Logger;
  /** For people the directory does not know: the municipality's language. */
  defaultLocale: 'da' | 'en';
  /** Publishes chart images under PUBLIC_URL (Teams cards show images by URL only). */
  images?: ImageLinks;
}

export interface Platforms {
  messengers: Messengers;
  slackRouter?: Router;
  teamsHandler?: (req: Request, res: Response) => Promise<void>;
  /**
   * Checks each platform's credentials once (Slack auth.test, a Teams token request). Credentials
   * the platform refuses fail start-up (StartupError for 'slack' or 'teams'); a platform that
   * cannot be reached only warns: the service runs, and the next call tries again.
   */
  check(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPlatforms(config: Config, deps: PlatformDeps): Promise<Platforms> {
  const messengers: Messengers = {};
  const stops: (() => Promise<void>)[] = [];
  const starts: (() => Promise<void>)[] = [];
  const checks: (() => Promise<void>)[] = [];
  let slackRouter: Router | undefined;
  let teamsHandler: Platforms['teamsHandler'];

  if (config.slack) {
    const { createSlackAdapter } = await import('../../adapters/slack/index.js');
    const slack = createSlackAdapter({ ...config.slack, defaultLocale: deps.defaultLocale }, { ...deps, logger: deps.logger.child({ platform: 'slack' }) });
    messengers.slack = slack.messenger;
    slackRouter = slack.router;
    starts.push(() => slack.start());
    checks.push(async () => {
      const checked = await startupStep('slack', () => slack.check());
      if (checked.result === 'accepted') deps.logger.info({ component: 'slack' }, 'Slack: bot token accepted (auth.test)');
      else deps.logger.warn({ component: 'slack' }, `Slack: could not check the bot token (${checked.detail}); carrying on, Slack calls are retried`);
    });
    stops.push(() => slack.stop());
    deps.logger.info({ component: 'slack' }, config.slack.appToken ? 'Slack: on (Socket Mode)' : 'Slack: on (HTTP, POST /slack/events)');
  } else {
    deps.logger.info({ component: 'slack' }, 'Slack: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN)');
  }

  if (config.teams) {
    if (config.teams.allowUnauthenticated && !config.teams.appId) {
      deps.logger.warn(
        { component: 'teams' },
        'Teams: UNAUTHENTICATED local mode (TEAMS_ALLOW_UNAUTHENTICATED=true): anyone who can reach /api/messages can act as any user. Never use this in production.',
      );
    }
    const { createTeamsAdapter } = await import('../../adapters/teams/index.js');
    const teams = createTeamsAdapter(config.teams, { ...deps, logger: deps.logger.child({ platform: 'teams' }) });
    messengers.teams = teams.messenger;
    teamsHandler = (req, res) => teams.handle(req, res);
    checks.push(async () => {
      const checked = await startupStep('teams', () => teams.check());
      if (checked.result === 'accepted') deps.logger.info({ component: 'teams' }, 'Teams: bot credentials accepted (token issued)');
      else if (checked.result === 'unreachable') deps.logger.warn({ component: 'teams' }, `Teams: could not check the bot credentials: ${checked.detail}; carrying on, Teams calls are retried`);
      else deps.logger.debug({ component: 'teams' }, `Teams: credentials not checked: ${checked.why}`);
    });
    stops.push(() => teams.stop());
    deps.logger.info({ component: 'teams' }, 'Teams: on (POST /api/messages)');
  } else {
    deps.logger.info({ component: 'teams' }, 'Teams: off (set MICROSOFT_APP_ID, or TEAMS_ALLOW_UNAUTHENTICATED=true for local testing)');
  }

  return {
    messengers,
    slackRouter,
    teamsHandler,
    async check() {
      for (const check of checks) await check();
    },
    async start() {
      for (const start of starts) await start();
    },
    async stop() {
      for (const stop of stops) await stop();
    },
  };
}
