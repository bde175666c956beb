/**
 * Events API: DMs to the bot, @-mentions and the App Home tab. Slack retries an event it thinks
 * we missed (X-Slack-Retry-Num); the event id is remembered so a retry does nothing twice.
 */
import { answerText } from './intake.js';
import { homeView } from './forms.js';
import type { SlackEvent } from './parse.js';
import { firstDelivery, say, tell, textForPeople, textMessage, whoIs, withRateLimitRetry, type Person, type SlackRuntime } from './runtime.js';
import { t } from '../../src/core/i18n.js';
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

/**
 * A file that does not begin a new concern (a photo alone, or with an answer or a command) is
 * recorded on the reporter's latest active concern (core.fileOffered); one that comes with the
 * words of a new concern is recorded on that concern when its form is sent (the offer carries it).
 */
async function recordFileOffer(rt: SlackRuntime, person: Person, answer: (message: ReturnType<typeof textMessage>) => Promise<void>): Promise<void> {
  if (!person.identity) return;
  const recorded = await rt.core.fileOffered(person.identity);
  if (recorded) await answer(textMessage(t(person.locale, 'files.recorded', { ref: recorded.ref })));
}

async function onDirectMessage(rt: SlackRuntime, event: Extract<SlackEvent, { kind: 'dm' }>): Promise<void> {
  const person = await whoIs(rt, event.user);
  if (person.identity) await remember(rt, event.user.userId, { channel: event.channelId, teamId: event.user.teamId });
  const answer = (message: Parameters<typeof say>[2]) => say(rt, event.channelId, message);
  if (event.filesOffered) await answer(textMessage(t(person.locale, 'files.notForwarded')));
  const text = await textForPeople(rt, event.text);
  const startsConcern = rt.core.interpretText(text).kind === 'concern' && text !== '';
  // Free text while a question waits for this reporter is their answer (rule: src/core/answer-from-chat.ts).
  if (person.identity && startsConcern) {
    const answered = await rt.core.answerFromChat(person.identity, text);
    if (answered) {
      await answer(answered.reply);
      if (event.filesOffered) await recordFileOffer(rt, person, answer);
      return;
    }
  }
  if (event.filesOffered && !startsConcern) await recordFileOffer(rt, person, answer);
  if (event.filesOffered && text === '') return;
  await answerText(rt, person, text, { answer, images: true, filesOffered: event.filesOffered });
}

/** In a channel the answer is private: the concern's details should not be discussed there. */
async function onMention(rt: SlackRuntime, event: Extract<SlackEvent, { kind: 'mention' }>): Promise<void> {
  const person = await whoIs(rt, event.user);
  const to = { userId: event.user.userId, channelId: event.channelId };
  const answer = (message: Parameters<typeof tell>[2]) => tell(rt, to, message);
  if (event.filesOffered) await answer(textMessage(t(person.locale, 'files.notForwarded')));
  const text = await textForPeople(rt, event.text);
  if (event.filesOffered && text === '') return;
  await answerText(rt, person, text, { answer });
}

export async function publishHome(rt: SlackRuntime, event: Extract<SlackEvent, { kind: 'home_opened' }>): Promise<void> {
  const { identity, locale } = await whoIs(rt, event.user);
  const body = identity ? await rt.core.status(identity) : rt.core.unknownUser(locale);
  // Managers also see last week's digest for their scope on the Home tab, with its chart.
  if (identity && identity.managerOf.length > 0) {
    // A Home tab has no conversation to share a file in, so the chart comes as an expiring,
    // unguessable link under PUBLIC_URL (an image block's image_url); without PUBLIC_URL, the figures only.
    const digest = await rt.core.digest(identity, 'last', { chart: 'link' });
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
