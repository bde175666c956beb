/**
 * Conversation references: the plain JSON (Bot Framework ConversationReference shape) we keep per
 * Teams user to write to them later, plus a per-tenant hint of the service URL and bot id, used to
 * open a 1:1 chat with someone who never wrote to the bot. Stored through ConversationRefs.
 */
import { z } from 'zod';
import type { ConversationRefs } from '../../src/core/ports.js';

export const conversationReferenceSchema = z.looseObject({
  channelId: z.string().default('msteams'),
  serviceUrl: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1), tenantId: z.string().optional() }),
  user: z.looseObject({ id: z.string(), aadObjectId: z.string().optional() }).optional(),
  bot: z.looseObject({ id: z.string() }).optional(),
});
export type ConversationReference = z.infer<typeof conversationReferenceSchema>;

/** Keeps a reference without the activity it came from, so later sends start new messages. */
export function storableReference(reference: Record<string, unknown>): Record<string, unknown> | null {
  const { activityId: _activityId, ...rest } = reference;
  const plain: unknown = JSON.parse(JSON.stringify(rest));
  return conversationReferenceSchema.safeParse(plain).success ? (plain as Record<string, unknown>) : null;
}

export const serviceHintSchema = z.object({
  serviceUrl: z.string().min(1),
  tenantId: z.string().min(1),
  botId: z.string().optional(),
});
export type ServiceHint = z.infer<typeof serviceHintSchema>;

/**
 * Keys under which hints sit beside the users' references; '~' never starts an Entra object id.
 * Hints are per tenant only: a chat is opened in the recipient's tenant, never the last one seen.
 */
export const hintKey = (tenantId: string) => `~service:${tenantId}`;

/**
 * Writes references and hints only when they changed, so an ordinary message costs no database
 * write. The cache is per process; a stale entry only means one extra write.
 */
export function createReferenceKeeper(conversations: ConversationRefs, maxEntries = 5_000) {
  const lastWritten = new Map<string, string>();
  const save = async (key: string, value: Record<string, unknown>) => {
    const json = JSON.stringify(value);
    if (lastWritten.get(key) === json) return;
    await conversations.saveConversationRef('teams', key, value);
    if (lastWritten.size >= maxEntries) lastWritten.clear();
    lastWritten.set(key, json);
  };
  return {
    async rememberUser(userId: string, reference: Record<string, unknown>): Promise<void> {
      const storable = storableReference(reference);
      if (storable) await save(userId, storable);
    },
    async rememberService(hint: ServiceHint): Promise<void> {
      await save(hintKey(hint.tenantId), hint);
    },
    async userReference(userId: string): Promise<ConversationReference | null> {
      const stored = await conversations.getConversationRef('teams', userId);
      const parsed = conversationReferenceSchema.safeParse(stored);
      return parsed.success ? parsed.data : null;
    },
    async serviceHint(tenantId: string): Promise<ServiceHint | null> {
      const stored = await conversations.getConversationRef('teams', hintKey(tenantId));
      const parsed = serviceHintSchema.safeParse(stored);
      return parsed.success ? parsed.data : null;
    },
    /** After a 1:1 chat was opened proactively. */
    async rememberCreated(userId: string, reference: ConversationReference): Promise<void> {
      await save(userId, reference);
    },
  };
}
export type ReferenceKeeper = ReturnType<typeof createReferenceKeeper>;
