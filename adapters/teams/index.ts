/**
 * The Microsoft Teams adapter: POST /api/messages in, the Messenger port out.
 * Only sdk.ts knows the SDK; everything else works on plain JSON.
 */
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { BrobyggerCore } from '../../src/core/api.js';
import type { ConversationRefs, DeliveryDedupe, Messenger } from '../../src/core/ports.js';
import type { ImageLinks } from './images.js';
import { createBotFramework, type BotFrameworkConfig } from './sdk.js';
import { createTeamsMessenger } from './messenger.js';
import { createReferenceKeeper } from './references.js';
import { createTurnLogic } from './dispatch.js';
import { checkTeamsCredentials, type CredentialsCheck } from './credentials-check.js';

export type TeamsAdapterConfig = BotFrameworkConfig;

export interface TeamsAdapterDeps {
  core: BrobyggerCore;
  dedupe: DeliveryDedupe;
  conversations: ConversationRefs;
  logger: Logger;
  /** Publishes chart images under PUBLIC_URL for cards; without it cards carry no images. */
  images?: ImageLinks;
}

export interface TeamsAdapter {
  messenger: Messenger;
  /** POST /api/messages, after express.json(). */
  handle(req: Request, res: Response): Promise<void>;
  /** One token request with the configured credentials; throws TeamsCredentialsError when refused. */
  check(): Promise<CredentialsCheck>;
  stop(): Promise<void>;
}

export function createTeamsAdapter(config: TeamsAdapterConfig, deps: TeamsAdapterDeps): TeamsAdapter {
  const references = createReferenceKeeper(deps.conversations);
  const logic = createTurnLogic({ core: deps.core, dedupe: deps.dedupe, references, logger: deps.logger, ...(deps.images ? { images: deps.images } : {}) });
  const framework = createBotFramework(config, logic, deps.logger);
  const messenger = createTeamsMessenger({
    connector: framework.connector,
    references,
    ...(config.appId ? { appId: config.appId } : {}),
    ...(config.tenantId ? { tenantId: config.tenantId } : {}),
    ...(deps.images ? { images: deps.images } : {}),
    recipientTenant: (userId) => deps.core.identify({ platform: 'teams', userId })?.organization.teams?.tenantIds[0],
  });
  return {
    messenger,
    handle: (req, res) => framework.process(req, res),
    check: () => checkTeamsCredentials(config),
    // Nothing to close: the SDK holds no connections between requests.
    stop: async () => {},
  };
}
