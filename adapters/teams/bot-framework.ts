/**
 * The Bot Framework SDK (botbuilder 4.23) lives here and in handler.ts only: the CloudAdapter with
 * its authentication, and the outbound connector. Microsoft archived this SDK; its successor keeps
 * the same activity model, so swapping it means rewriting these two files against connector.ts.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { BotConnector, NewConversation, TurnLogic } from './connector.js';
import { createTeamsBot } from './handler.js';

export interface BotFrameworkConfig {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  allowUnauthenticated: boolean;
}

/** Connector calls give up after this; the notify workflow retries with its own backoff. */
const CONNECTOR_TIMEOUT_MS = 20_000;

function authOptions(config: BotFrameworkConfig): ConfigurationBotFrameworkAuthenticationOptions {
  if (!config.appId) {
    // No app id: the SDK skips JWT validation inbound and sends no token outbound (Emulator mode).
    if (!config.allowUnauthenticated) throw new Error('Teams needs MICROSOFT_APP_ID, or TEAMS_ALLOW_UNAUTHENTICATED=true for local testing');
    return {};
  }
  return {
    MicrosoftAppId: config.appId,
    MicrosoftAppType: config.appType === 'UserAssignedMSI' ? 'UserAssignedMsi' : config.appType,
    ...(config.appPassword ? { MicrosoftAppPassword: config.appPassword } : {}),
    ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId } : {}),
  };
}

/** Exposes the adapter's own claims helper so outbound calls use the same credentials as replies. */
class BrobyggerCloudAdapter extends CloudAdapter {
  constructor(
    private readonly auth: ConfigurationBotFrameworkAuthentication,
    private readonly appId: string,
  ) {
    super(auth);
  }

  async connectorFor(serviceUrl: string) {
    const client = await this.auth.createConnectorFactory(this.createClaimsIdentity(this.appId)).create(serviceUrl);
    // The SDK's pipeline retries 429/5xx itself (sleeping Retry-After up to three times). Retries
    // belong to the notify workflow, which reschedules only the one job, so drop that policy.
    const pipeline = (client as unknown as { client?: { pipeline?: { removePolicy?: (o: { phase: string }) => unknown } } }).client?.pipeline;
    pipeline?.removePolicy?.({ phase: 'Retry' });
    return client;
  }
}

export interface BotFramework {
  connector: BotConnector;
  /** Authenticates (unless unauthenticated mode), runs the turn and writes the HTTP response. */
  process(req: Request, res: Response): Promise<void>;
}

export function createBotFramework(config: BotFrameworkConfig, logic: TurnLogic, logger: Logger): BotFramework {
  const auth = new ConfigurationBotFrameworkAuthentication(authOptions(config));
  const adapter = new BrobyggerCloudAdapter(auth, config.appId ?? '');
  const bot = createTeamsBot(logic, logger);

  adapter.onTurnError = async (context, error) => {
    logger.error({ component: 'teams', err: error, activityType: context.activity.type }, 'Teams turn failed');
    if (context.activity.type === 'invoke') {
      await context.sendActivity({
        type: 'invokeResponse',
        value: { status: 500, body: { statusCode: 500, type: 'application/vnd.microsoft.error', value: { code: 'InternalError', message: 'Brobygger failed' } } },
      });
    }
  };

  const options = { timeout: CONNECTOR_TIMEOUT_MS };
  const connector: BotConnector = {
    async sendToConversation(serviceUrl, conversationId, activity) {
      const client = await adapter.connectorFor(serviceUrl);
      const response = await client.conversations.sendToConversation(conversationId, activity as Partial<Activity>, options);
      return { id: response?.id ?? '' };
    },
    async updateActivity(serviceUrl, conversationId, activityId, activity) {
      const client = await adapter.connectorFor(serviceUrl);
      await client.conversations.updateActivity(conversationId, activityId, { ...activity, id: activityId } as Partial<Activity>, options);
    },
    async createConversation(serviceUrl, conversation: NewConversation) {
      const client = await adapter.connectorFor(serviceUrl);
      const response = await client.conversations.createConversation(
        {
          isGroup: false,
          bot: { id: conversation.botId, name: '' },
          members: [{ id: conversation.userId, name: '' }],
          tenantId: conversation.tenantId,
          channelData: { tenant: { id: conversation.tenantId } },
        },
        options,
      );
      return { id: response.id };
    },
  };

  return {
    connector,
    process: (req, res) => adapter.process(req, res, (context) => bot.run(context)),
  };
}
