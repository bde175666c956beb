/**
 * createSlackAdapter: Brobygger on Slack through Bolt.
 *
 * HTTP mode (signingSecret): Bolt's ExpressReceiver verifies X-Slack-Signature and the 5-minute
 * timestamp window itself (401 otherwise) on POST /slack/events; mount `router` on the shared
 * express app BEFORE any body parser, because the signature covers the raw body.
 *
 * Socket Mode (appToken, xapp-…): Bolt's SocketModeReceiver opens a WebSocket to Slack from
 * start(); no public URL is needed, `router` is undefined. It cannot be exercised without Slack,
 * so it stays this small. Set socket_mode_enabled: true in manifests/slack/manifest.yaml to use it.
 */
import { App, ExpressReceiver, SocketModeReceiver, webApi, type Receiver } from './sdk.js';
import express from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { BrobyggerCore } from '../../src/core/api.js';
import type { ConversationRefs, DeliveryDedupe, IntakeDrafts, Messenger } from '../../src/core/ports.js';
import { createBotIdentity } from './bot-identity.js';
import { boltLogger, registerListeners } from './dispatch.js';
import { createSlackMessenger } from './messenger.js';
import { slackRequestGuard } from './request-guard.js';
import type { SlackRuntime } from './runtime.js';
import { createSlackUsers } from './users.js';

export const slackConfigSchema = z
  .object({
    botToken: z.string().min(1),
    signingSecret: z.string().min(1).optional(),
    appToken: z.string().min(1).optional(),
    /** Web API base URL, e.g. http://127.0.0.1:PORT/api/ for a fake Slack (SLACK_API_URL). */
    apiUrl: z.url().optional(),
    /** Language for people the directory does not know and whose Slack locale we cannot read. */
    defaultLocale: z.enum(['da', 'en']).default('da'),
  })
  .refine((c) => c.signingSecret || c.appToken, { message: 'Slack needs a signing secret (HTTP) or an app token (Socket Mode)' });
export type SlackConfig = z.input<typeof slackConfigSchema>;

export interface SlackAdapterDeps {
  core: BrobyggerCore;
  dedupe: DeliveryDedupe;
  /** Long or file-carrying DM texts between the offer and the click on "open the form". */
  drafts: IntakeDrafts;
  /** Slack reaches a user by id, so nothing needs storing; accepted for symmetry with Teams. */
  conversations?: ConversationRefs;
  logger: Logger;
}

export interface SlackAdapter {
  messenger: Messenger;
  /** POST /slack/events (events, interactivity, commands); present in HTTP mode. */
  router?: express.Router;
  mode: 'http' | 'socket';
  /**
   * auth.test with the bot token, once at start-up: resolves `accepted` or `unreachable` (no
   * answer, HTTP error, rate limit: not proof of a bad token); rejects with Slack's error
   * (data.error invalid_auth, token_revoked, …) when Slack refuses the token.
   */
  check(): Promise<{ result: 'accepted' } | { result: 'unreachable'; detail: string }>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlackAdapter(rawConfig: SlackConfig, deps: SlackAdapterDeps): SlackAdapter {
  const config = slackConfigSchema.parse(rawConfig);
  // The composition root binds platform=slack already (src/app/platforms.ts); a key is bound once.
  const logger = deps.logger;
  const clientOptions: webApi.WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    // 429s surface as errors: the notify workflow waits Retry-After, handlers retry once.
    rejectRateLimitedCalls: true,
    // BullMQ (outbound) and the 3-second trigger window (inbound) make in-client retries useless.
    retryConfig: { retries: 0 },
    timeout: 10_000,
    logger: boltLogger(logger),
  };
  const client = new webApi.WebClient(config.botToken, clientOptions);
  const bot = createBotIdentity(client, config.botToken, logger);
  const bolt = boltLogger(logger);

  const mode = config.appToken ? 'socket' : 'http';
  let receiver: Receiver;
  let router: express.Router | undefined;
  if (mode === 'socket') {
    receiver = new SocketModeReceiver({
      appToken: config.appToken!,
      logger: bolt,
      installerOptions: { clientOptions: { slackApiUrl: clientOptions.slackApiUrl } },
    });
  } else {
    router = express.Router();
    router.post('/slack/events', ...slackRequestGuard(config.signingSecret!, logger));
    receiver = new ExpressReceiver({
      signingSecret: config.signingSecret!,
      endpoints: '/slack/events',
      router,
      logger: bolt,
      // ack() answers at once; the rest of a listener runs after the response (HTTP server, not FaaS).
      processBeforeResponse: false,
    });
  }

  const app = new App({
    receiver,
    authorize: bot.authorize,
    logger: bolt,
    clientOptions,
    ignoreSelf: true,
    // Bolt's in-memory conversation store is of no use to us and grows without bound.
    convoStore: false,
  });
  const runtime: SlackRuntime = {
    core: deps.core,
    client,
    users: createSlackUsers(client, logger),
    dedupe: deps.dedupe,
    drafts: deps.drafts,
    logger,
    defaultLocale: config.defaultLocale,
  };
  registerListeners(app, runtime);

  let started = false;
  return {
    messenger: createSlackMessenger(client, { onImageError: (err) => logger.warn({ err }, 'an image could not be shared after its message was posted') }),
    router,
    mode,
    async check() {
      try {
        await client.auth.test();
        return { result: 'accepted' };
      } catch (error) {
        if ((error as { code?: string }).code === webApi.ErrorCode.PlatformError) throw error;
        return { result: 'unreachable', detail: (error as Error).message.split('\n')[0] ?? 'no answer' };
      }
    },
    async start() {
      bot.learn();
      if (mode === 'socket' && !started) {
        await app.start();
        logger.info('Slack Socket Mode connected');
      }
      started = true;
    },
    async stop() {
      if (mode === 'socket' && started) await app.stop();
      started = false;
    },
  };
}
