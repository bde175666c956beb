/**
 * The bot's own ids (for Bolt's ignoreSelf), learnt lazily from auth.test. Bolt's default runs
 * auth.test at construction and on every request when verification is off; this never blocks a
 * request or start-up on it: until Slack has answered, requests run without the ids (our parser
 * drops every bot message anyway).
 */
import type { AuthorizeResult, webApi } from './sdk.js';
import type { Logger } from 'pino';

const RETRY_AFTER_FAILURE_MS = 60_000;

export interface BotIdentity {
  authorize(): Promise<AuthorizeResult>;
  /** Starts auth.test in the background if the ids are not known yet. */
  learn(): void;
}

export function createBotIdentity(client: webApi.WebClient, botToken: string, logger: Logger): BotIdentity {
  let known: { botId?: string; botUserId?: string } | undefined;
  let pending = false;
  let lastFailure = 0;

  const learn = () => {
    if (known || pending || Date.now() - lastFailure < RETRY_AFTER_FAILURE_MS) return;
    pending = true;
    client.auth
      .test()
      .then((result) => {
        known = { botId: result.bot_id, botUserId: result.user_id };
      })
      .catch((error: unknown) => {
        lastFailure = Date.now();
        logger.warn({ err: error }, 'auth.test failed; will try again later');
      })
      .finally(() => {
        pending = false;
      });
  };

  return {
    learn,
    async authorize() {
      learn();
      return { botToken, ...known };
    },
  };
}
