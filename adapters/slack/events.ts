/**
 * Events API: DMs to the bot, @-mentions and the App Home tab. Slack retries an event it thinks
 * we missed (X-Slack-Retry-Num); the event id is remembered so a retry does nothing twice.
 */
import { answerText } from './intake.js';
import { homeView } from './forms.js';
import type { SlackEvent } from './parse.js';
import { firstDelivery, say, tell, whoIs, withRateLimitRetry, type SlackRuntime } from './runtime.js';
import { toDeliveryError } from './errors.js';

export async function handleEvent(rt: SlackRuntime, event: SlackEvent): Promise<void> {
  if (!(await firstDelivery(rt, `slack:event:${event.eventId}`))) return;
  switch (event.kind) {
    case 'dm':
      return onDirectMessage(rt, event);
    case 'mention':
      return onMention(rt, event);
    case 'home_opened':
      return publishHome(rt, event);
    case 'target_changed':
      return rt.core.deliveryTargetChanged('slack');
  }
}

async function remember(rt: SlackRuntime, userId: string, ref: Record<string, unknown>): Promise<void> {
  try {
    await rt.core.rememberConversation('slack', userId, ref);
  } catch (error) {
    rt.logger.warn({ err: error, platform: 'slack' }, 'could not store the conversation reference');
  }
}

async function onDirectMessage(rt: SlackRuntime, event: Extract<SlackEvent, { kind: 'dm' }>): Promise<void> {
  const person = await whoIs(rt, event.user);
  if (person.identity) await remember(rt, event.user.userId, { channel: event.channelId, teamId: event.user.teamId });
  // Free text while a question waits for this reporter is their answer (rule: src/core/answer-from-chat.ts).
  if (person.identity && rt.core.interpretText(event.text).kind === 'concern') {
    const answered = await rt.core.answerFromChat(person.identity, event.text);
    if (answered) return say(rt, event.channelId, answered.reply);
  }
  await answerText(rt, person, event.text, { answer: (message) => say(rt, event.channelId, message) });
}

/** In a channel the answer is private: the concern's details should not be discussed there. */
async function onMention(rt: SlackRuntime, event: Extract<SlackEvent, { kind: 'mention' }>): Promise<void> {
  const person = await whoIs(rt, event.user);
  const to = { userId: event.user.userId, channelId: event.channelId };
  await answerText(rt, person, event.text, { answer: (message) => tell(rt, to, message) });
}

export async function publishHome(rt: SlackRuntime, event: Extract<SlackEvent, { kind: 'home_opened' }>): Promise<void> {
  const { identity, locale } = await whoIs(rt, event.user);
  const body = identity ? await rt.core.status(identity) : rt.core.unknownUser(locale);
  // Managers also see last week's digest for their scope on the Home tab.
  if (identity && identity.managerOf.length > 0) {
    const digest = await rt.core.digest(identity, 'last');
    body.blocks.push(...digest.blocks);
  }
  const view = homeView(locale, { canReport: !!identity?.isReporter, body });
  if (identity && event.channelId) await remember(rt, event.user.userId, { channel: event.channelId, teamId: event.user.teamId });
  try {
    await withRateLimitRetry(() => rt.client.views.publish({ user_id: event.user.userId, view }));
  } catch (error) {
    rt.logger.error({ err: toDeliveryError(error), platform: 'slack' }, 'views.publish failed');
  }
}
