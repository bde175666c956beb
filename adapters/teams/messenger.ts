/**
 * Outbound messages to Teams (the Messenger port): team channels straight from the directory,
 * people through their stored 1:1 conversation reference, or a new 1:1 chat in their tenant.
 */
import { z } from 'zod';
import type { Locale } from '../../src/core/model.js';
import type { MessageTarget, NeutralMessage, SentMessageRef } from '../../src/core/messages.js';
import { DeliveryError, type Messenger } from '../../src/core/ports.js';
import type { BotConnector } from './connector.js';
import { toDeliveryError } from './errors.js';
import { linkImages, type ImageLinks } from './images.js';
import type { ReferenceKeeper } from './references.js';
import { renderActivity } from './render.js';

/** Where Microsoft says proactive 1:1 chats can be created when no region is known. */
export const GLOBAL_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

export const sentRefSchema = z.object({
  conversationId: z.string().min(1),
  activityId: z.string().min(1),
  serviceUrl: z.string().min(1),
  tenantId: z.string().optional(),
});
export type TeamsSentRef = z.infer<typeof sentRefSchema>;

export interface MessengerDeps {
  connector: BotConnector;
  references: ReferenceKeeper;
  /** MICROSOFT_APP_ID: the bot's id is "28:<appId>". */
  appId?: string;
  /** MICROSOFT_APP_TENANT_ID: the tenant to open 1:1 chats in when none is known for the person. */
  tenantId?: string;
  /** Where PNG images are published for the card to show (PUBLIC_URL); without it they are left out. */
  images?: ImageLinks;
  /** The tenant of the person's organisation in the directory (its first `teams.tenantIds`). */
  recipientTenant?: (userId: string) => string | undefined;
}

const sentRef = (ref: TeamsSentRef): SentMessageRef => ({ platform: 'teams', ref: { ...ref } });

export function createTeamsMessenger(deps: MessengerDeps): Messenger {
  const { connector, references } = deps;

  async function openPersonalChat(userId: string): Promise<{ serviceUrl: string; conversationId: string; tenantId: string }> {
    // The recipient's own tenant, never whoever wrote to the bot last: a chat opened in another
    // tenant fails, or worse, reaches a namesake there.
    const tenantId = deps.recipientTenant?.(userId) ?? deps.tenantId;
    if (!tenantId) {
      throw new DeliveryError('not_found', 'This Teams user has never written to the bot and the directory gives no tenant for their organisation');
    }
    const hint = (await references.serviceHint(tenantId)) ?? null;
    const serviceUrl = hint?.serviceUrl ?? GLOBAL_SERVICE_URL;
    const botId = deps.appId ? `28:${deps.appId}` : (hint?.botId ?? '28:brobygger');
    const { id } = await connector.createConversation(serviceUrl, { tenantId, botId, userId });
    await references.rememberCreated(userId, {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id, tenantId, conversationType: 'personal' },
      user: { id: userId, aadObjectId: userId },
      bot: { id: botId },
    });
    return { serviceUrl, conversationId: id, tenantId };
  }

  async function destination(target: Extract<MessageTarget, { platform: 'teams' }>) {
    if (target.kind === 'channel') {
      return { serviceUrl: target.serviceUrl, conversationId: target.conversationId, tenantId: target.tenantId };
    }
    const stored = await references.userReference(target.userId);
    if (stored) {
      return { serviceUrl: stored.serviceUrl, conversationId: stored.conversation.id, tenantId: stored.conversation.tenantId };
    }
    return openPersonalChat(target.userId);
  }

  return {
    async send(target: MessageTarget, message: NeutralMessage, _locale: Locale): Promise<SentMessageRef> {
      if (target.platform !== 'teams') throw new DeliveryError('validation', `The Teams messenger cannot send to ${target.platform}`);
      try {
        const to = await destination(target);
        const activity = renderActivity(await linkImages(message, deps.images));
        const { id } = await connector.sendToConversation(to.serviceUrl, to.conversationId, activity);
        // 202 without a body gives no id: the message arrived but cannot be updated later.
        return sentRef({
          conversationId: to.conversationId,
          activityId: id || 'unknown',
          serviceUrl: to.serviceUrl,
          ...(to.tenantId ? { tenantId: to.tenantId } : {}),
        });
      } catch (err) {
        throw toDeliveryError(err);
      }
    },

    async update(ref: SentMessageRef, message: NeutralMessage, _locale: Locale): Promise<void> {
      const parsed = sentRefSchema.safeParse(ref.ref);
      if (ref.platform !== 'teams' || !parsed.success) throw new DeliveryError('validation', 'Not a Teams message reference');
      if (parsed.data.activityId === 'unknown') throw new DeliveryError('not_found', 'Teams gave no message id, so the card cannot be updated');
      const { serviceUrl, conversationId, activityId } = parsed.data;
      try {
        await connector.updateActivity(serviceUrl, conversationId, activityId, renderActivity(message));
      } catch (err) {
        throw toDeliveryError(err);
      }
    },
  };
}
