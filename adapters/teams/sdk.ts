/**
 * The one file that imports the Bot Framework SDK (botbuilder 4.23): the CloudAdapter with its
 * authentication, the activity handler that hands each activity as plain JSON to the SDK-free turn
 * logic, and the outbound connector. Microsoft archived this SDK; its successor keeps the same
 * activity model, so swapping it means rewriting this file against connector.ts.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  CallerIdConstants,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
} from 'botbuilder';
import { AuthenticationConstants, GovernmentConstants } from 'botframework-connector';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { errorReply } from './cards.js';
import type { BotConnector, NewConversation, TurnLogic, TurnOutcome } from './connector.js';
import { checkInboundActivity } from './inbound-check.js';
import { createTokenCheck } from './token-check.js';
import { loginAuthority } from './credentials-check.js';

class BrobyggerTeamsBot extends TeamsActivityHandler {
  constructor(
    private readonly logic: TurnLogic,
    private readonly logger: Logger,
  ) {
    super();
    // Handlers here do not call next(): the SDK's default Teams dispatch (e.g. fetching member
    // details for membersAdded) is not needed and would call the connector for nothing.
    this.onMessage(async (context) => {
      await this.perform(context, await this.decide(context));
    });
    this.onConversationUpdate(async (context) => {
      await this.perform(context, await this.decide(context));
    });
    this.onInstallationUpdate(async (context) => {
      await this.perform(context, await this.decide(context));
    });
  }

  /** Every invoke gets a real response body, whatever the logic or the SDK below it does. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    let outcome: TurnOutcome;
    try {
      outcome = await this.decide(context);
    } catch (err) {
      this.logger.error({ component: 'teams', err, invoke: context.activity.name }, 'Teams invoke failed');
      const body = errorReply(500, 'InternalError', 'Brobygger could not handle this action');
      return { status: body.statusCode, body };
    }
    try {
      await this.perform(context, outcome);
    } catch (err) {
      // What was decided is done; only an extra message got lost. The invoke still gets its answer.
      this.logger.warn({ component: 'teams', err }, 'could not send a reply during an invoke');
    }
    const body = outcome.invoke ?? errorReply(400, 'NotSupported', 'This action is not supported');
    return { status: body.statusCode, body };
  }

  private decide(context: TurnContext): Promise<TurnOutcome> {
    const reference = JSON.parse(JSON.stringify(TurnContext.getConversationReference(context.activity))) as Record<string, unknown>;
    return this.logic.onActivity(JSON.parse(JSON.stringify(context.activity)), reference);
  }

  private async perform(context: TurnContext, outcome: TurnOutcome): Promise<void> {
    if (outcome.replaceClicked && context.activity.replyToId) {
      try {
        await context.updateActivity({ ...outcome.replaceClicked, id: context.activity.replyToId } as Partial<Activity>);
      } catch (err) {
        // The new card still arrives as a reply below; an old card left in place is not fatal.
        this.logger.warn({ component: 'teams', err }, 'could not replace the clicked card');
        outcome.replies.unshift(outcome.replaceClicked);
      }
    }
    if (outcome.replies.length > 0) await context.sendActivities(outcome.replies as Partial<Activity>[]);
  }
}

function createTeamsBot(logic: TurnLogic, logger: Logger): { run(context: TurnContext): Promise<void> } {
  const bot = new BrobyggerTeamsBot(logic, logger);
  return { run: (context) => bot.run(context) };
}

export interface BotFrameworkConfig {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  allowUnauthenticated: boolean;
  /** MICROSOFT_OPENID_METADATA_URL: where the keys that sign channel tokens are published. */
  openIdMetadataUrl?: string;
  /** MICROSOFT_TOKEN_ISSUER: the `iss` every channel token must carry. */
  tokenIssuer?: string;
  /** MICROSOFT_CHANNEL_SERVICE: empty for the public cloud, https://botframework.azure.us for US Government. */
  channelService?: string;
  /** MICROSOFT_LOGIN_URL: the Entra login host outbound tokens come from (the tenant is added; credentials-check.ts). */
  loginUrl?: string;
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
    ...cloudEndpoints(config),
  };
}

/** Microsoft's endpoints for the configured cloud (public, or US Government by MICROSOFT_CHANNEL_SERVICE). */
function channelDefaults(config: BotFrameworkConfig) {
  return config.channelService === GovernmentConstants.ChannelService ? GovernmentConstants : AuthenticationConstants;
}

/**
 * Endpoint overrides for sovereign clouds and tests. botbuilder switches to a fully parameterised
 * configuration as soon as one endpoint is given, so every other endpoint is filled from the
 * cloud's defaults (BotFrameworkAuthenticationFactory.create, botframework-connector 4.23).
 */
function cloudEndpoints(config: BotFrameworkConfig): Partial<ConfigurationBotFrameworkAuthenticationOptions> {
  const gov = config.channelService === GovernmentConstants.ChannelService;
  if (!config.openIdMetadataUrl && !config.tokenIssuer && !config.loginUrl) return config.channelService ? { ChannelService: config.channelService } : {};
  const cloud = channelDefaults(config);
  return {
    ...(config.channelService ? { ChannelService: config.channelService } : {}),
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: config.loginUrl ? loginAuthority(config).authority : cloud.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: cloud.ToChannelFromBotOAuthScope,
    OAuthUrl: cloud.OAuthUrl,
    ToBotFromChannelTokenIssuer: config.tokenIssuer ?? cloud.ToBotFromChannelTokenIssuer,
    ToBotFromChannelOpenIdMetadataUrl: config.openIdMetadataUrl ?? cloud.ToBotFromChannelOpenIdMetadataUrl,
    // Emulator-issued tokens are checked against the same keys, so an override never reaches Microsoft.
    ToBotFromEmulatorOpenIdMetadataUrl: config.openIdMetadataUrl ?? cloud.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: gov ? CallerIdConstants.USGovChannel : CallerIdConstants.PublicAzureChannel,
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

  /** Runs a turn for an activity whose request was already authenticated (see process below). */
  runTurn(...args: Parameters<CloudAdapter['processActivity']>) {
    return this.processActivity(...args);
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
  const options = authOptions(config);
  const auth = new ConfigurationBotFrameworkAuthentication(options);
  const tokenCheck = config.appId
    ? createTokenCheck({
        appId: config.appId,
        openIdMetadataUrl: options.ToBotFromChannelOpenIdMetadataUrl ?? channelDefaults(config).ToBotFromChannelOpenIdMetadataUrl,
        issuer: options.ToBotFromChannelTokenIssuer ?? channelDefaults(config).ToBotFromChannelTokenIssuer,
      })
    : null;
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

  const requestOptions = { timeout: CONNECTOR_TIMEOUT_MS };
  const connector: BotConnector = {
    async sendToConversation(serviceUrl, conversationId, activity) {
      const client = await adapter.connectorFor(serviceUrl);
      const response = await client.conversations.sendToConversation(conversationId, activity as Partial<Activity>, requestOptions);
      return { id: response?.id ?? '' };
    },
    async updateActivity(serviceUrl, conversationId, activityId, activity) {
      const client = await adapter.connectorFor(serviceUrl);
      await client.conversations.updateActivity(conversationId, activityId, { ...activity, id: activityId } as Partial<Activity>, requestOptions);
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
        requestOptions,
      );
      return { id: response.id };
    },
  };

  /**
   * Instead of CloudAdapter.process, which answers 500 (and prints a stack trace) for activities
   * without a type and for tokens the JWT library rejects with its own error classes (e.g. not
   * yet valid): shape problems are 400, every authentication failure is 401 with one warning line.
   */
  async function process(req: Request, res: Response): Promise<void> {
    const checked = checkInboundActivity(req.body);
    if (!checked.ok) {
      logger.info({ component: 'teams', reason: checked.reason }, 'Teams request refused: malformed activity');
      res.status(400).json({ error: checked.reason });
      return;
    }
    const activity = checked.activity as unknown as Activity;
    const header = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    if (tokenCheck) {
      const verdict = await tokenCheck(header, activity);
      if (!verdict.ok) {
        const message = verdict.status === 503
          ? 'Teams request not checked: the Bot Framework signing keys could not be loaded'
          : 'Teams request refused: invalid Bot Framework token';
        logger.warn({ component: 'teams', reason: verdict.reason }, message);
        res.status(verdict.status).json({ error: verdict.status === 503 ? 'authentication unavailable' : 'unauthorized' });
        return;
      }
    }
    let authenticated: Awaited<ReturnType<typeof auth.authenticateRequest>>;
    try {
      authenticated = await auth.authenticateRequest(activity, header);
    } catch (err) {
      // Only reached for tokens our check passed but the SDK still refuses (or without an app id).
      logger.warn({ component: 'teams', reason: (err instanceof Error ? err.message : String(err)).slice(0, 200) }, 'Teams request refused: invalid Bot Framework token');
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    const invoke = await adapter.runTurn(authenticated, activity, (context) => bot.run(context));
    res.status(invoke?.status ?? 200);
    if (invoke?.body !== undefined) res.json(invoke.body);
    else res.end();
  }

  return { connector, process };
}
