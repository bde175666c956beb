/**
 * The three ways in (slash command, App Home button, DM text) and the intake modal's submission.
 * Free text is interpreted by the core: help / status / digest, or the start of a concern.
 */
import type { types } from './sdk.js';
import type { IntakeField } from '../../src/core/api.js';
import type { Identity } from '../../src/core/identity.js';
import { t } from '../../src/core/i18n.js';
import type { NeutralMessage } from '../../src/core/messages.js';
import { toDeliveryError } from './errors.js';
import { answerModal, intakeModal, renderIntakeOffer } from './forms.js';
import { intakeFormValues, intakeMetadata, type SlackViewSubmission } from './parse.js';
import type { RenderedMessage } from './render.js';
import { genericFailure, say, textMessage, whoIs, type Person, type SlackRuntime } from './runtime.js';

/** A button value holds at most 2000 characters. */
const OFFER_TEXT_MAX = 2000;

export type ViewAck =
  | { response_action: 'errors'; errors: Record<string, string> }
  | { response_action: 'update'; view: types.ModalView }
  | { response_action: 'clear' }
  | undefined;

/** How long "open the form" under a DM answer still finds the text it was offered for. */
const DRAFT_TTL_SECONDS = 7 * 24 * 60 * 60;

export async function openIntake(rt: SlackRuntime, triggerId: string, identity: Identity, text: string, filesOffered = false): Promise<void> {
  const locale = identity.person.locale;
  const view = intakeModal(locale, rt.core.intakeChoices(identity), rt.core.prefill(identity, text), { filesOffered });
  await rt.client.views.open({ trigger_id: triggerId, view });
}

/**
 * The value of the offer's button: the text itself while it fits a button value and no file came
 * with it (as it always was), else `draft:<id>` of the whole text kept in Redis (IntakeDrafts).
 */
async function offerValue(rt: SlackRuntime, text: string, filesOffered: boolean): Promise<string> {
  if (!filesOffered && text.length <= OFFER_TEXT_MAX && !text.startsWith(DRAFT_PREFIX)) return text;
  return `${DRAFT_PREFIX}${await rt.drafts.put({ text, filesOffered }, DRAFT_TTL_SECONDS)}`;
}

/** What "open the form" was offered for: the button's text, or the kept draft (null: expired). */
export async function offeredDraft(rt: SlackRuntime, value: string): Promise<{ text: string; filesOffered: boolean } | null> {
  if (!value.startsWith(DRAFT_PREFIX)) return { text: value, filesOffered: false };
  return rt.drafts.get(value.slice(DRAFT_PREFIX.length));
}
const DRAFT_PREFIX = 'draft:';

export interface TextChannel {
  /** Sends an answer to the person (ephemeral, DM or in their DM, depending on where they wrote). */
  answer(message: NeutralMessage | RenderedMessage): Promise<void>;
  /** Whether `answer` can bring images along (a DM: files are shared there; ephemeral answers cannot). */
  images?: boolean;
  /** Present when Slack gave us a trigger to open a modal with (slash commands, buttons). */
  triggerId?: string;
  /** The message came with a file (not forwarded): a concern begun from it records the offer. */
  filesOffered?: boolean;
}

/** Routes free text to help, status, digest or the intake form. */
export async function answerText(rt: SlackRuntime, person: Person, text: string, channel: TextChannel): Promise<void> {
  const { identity, locale } = person;
  if (!identity) {
    await channel.answer(rt.core.unknownUser(locale));
    return;
  }
  const intent = rt.core.interpretText(text);
  switch (intent.kind) {
    case 'help':
      await channel.answer(rt.core.help(identity));
      return;
    case 'status':
      await channel.answer(await rt.core.status(identity));
      return;
    case 'digest':
      await channel.answer(await rt.core.digest(identity, intent.week, { chart: channel.images === true }));
      return;
    case 'concern':
      await startConcern(rt, identity, intent.text, channel);
      return;
  }
}

export async function startConcern(
  rt: SlackRuntime,
  identity: Identity,
  text: string,
  channel: TextChannel,
): Promise<void> {
  const locale = identity.person.locale;
  if (!identity.isReporter) {
    await channel.answer(textMessage(t(locale, 'error.notReporter')));
    return;
  }
  if (channel.triggerId) {
    try {
      await openIntake(rt, channel.triggerId, identity, text);
    } catch (error) {
      rt.logger.error({ err: toDeliveryError(error), platform: 'slack' }, 'views.open for intake failed');
      await channel.answer(genericFailure(locale));
    }
    return;
  }
  // No trigger (a DM): show the CPR notice now, and offer a button that opens the filled-in form.
  const prefill = rt.core.prefill(identity, text);
  if (prefill.notice) await channel.answer(prefill.notice);
  await channel.answer(renderIntakeOffer(locale, await offerValue(rt, prefill.description, channel.filesOffered === true)));
}

/** Field errors go on the fields; one the modal has no block for goes on the description. */
function placeErrors(errors: Partial<Record<IntakeField, string>>, blockIds: Set<string>): Record<string, string> {
  const placed: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    if (!message) continue;
    const block = blockIds.has(field) ? field : 'description';
    placed[block] = placed[block] ? `${placed[block]} ${message}` : message;
  }
  return placed;
}

/**
 * The intake modal was submitted. Validation has to be in the acknowledgement, so this runs
 * before the ack; the dedupeKey (the view id) makes a repeated submission return the same concern.
 */
export async function submitIntakeView(rt: SlackRuntime, submission: SlackViewSubmission): Promise<ViewAck> {
  const person = await whoIs(rt, submission.user);
  const { identity, locale } = person;
  if (!identity) return { response_action: 'update', view: answerModal(locale, rt.core.unknownUser(locale)) };
  const result = await rt.core.submitIntake(
    identity,
    { ...intakeFormValues(submission.values), ...(intakeMetadata(submission.privateMetadata).filesOffered ? { filesOffered: true } : {}) },
    `slack:view:${submission.viewId}`,
  );
  switch (result.kind) {
    case 'invalid':
      return {
        response_action: 'errors',
        errors: placeErrors(result.fieldErrors, new Set(submission.blockIds)),
      };
    case 'created':
      // The confirmation also goes to the reporter's DM, with the buttons to add information or
      // withdraw; not awaited, so the modal is answered inside Slack's 3 seconds.
      void say(rt, submission.user.userId, result.reply);
      return { response_action: 'update', view: answerModal(locale, result.reply) };
    case 'duplicate':
    case 'refused':
      return { response_action: 'update', view: answerModal(locale, result.reply) };
  }
}
