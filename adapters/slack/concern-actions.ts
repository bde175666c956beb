/**
 * Buttons on concern messages and the small modals behind them. The core decides who may do what;
 * this file only collects the text or choice, calls core.act and shows the result to the actor.
 */
import type { ActionResult, ConcernAction, ConcernActionType } from '../../src/core/api.js';
import { t } from '../../src/core/i18n.js';
import { ACK_NOTE_INPUT } from '../../src/core/render.js';
import { toDeliveryError } from './errors.js';
import type { ViewAck } from './intake.js';
import { MODAL_INPUT_BLOCK, concernModal, isModalAction, modalActionOf, type ModalAction } from './forms.js';
import {
  parseConcernModalMetadata,
  textValue,
  type ClickedMessage,
  type SlackButton,
  type SlackViewSubmission,
} from './parse.js';
import { slackText } from './strings.js';
import { genericFailure, tell, textMessage, updateClicked, whoIs, type SlackRuntime } from './runtime.js';

/** Actions taken on the team card; after them the clicked card shows the concern as it now is. */
const TEAM_CARD_ACTIONS: ReadonlySet<ConcernActionType> = new Set(['ack', 'reply', 'note', 'resolve', 'ask']);

interface Actor {
  userId: string;
  channelId?: string;
}

async function showResult(
  rt: SlackRuntime,
  actor: Actor,
  type: ConcernActionType,
  result: ActionResult,
  clicked?: ClickedMessage,
): Promise<void> {
  if (!result.ok) {
    await tell(rt, actor, result.reply);
    return;
  }
  // A reassigned card belongs to the old team; the notify workflow redraws it for that team.
  if (clicked && TEAM_CARD_ACTIONS.has(type)) await updateClicked(rt, clicked, result.card);
  await tell(rt, actor, result.reply);
}

/** A click on concern.* (already acknowledged to Slack). */
export async function handleConcernButton(rt: SlackRuntime, button: SlackButton): Promise<void> {
  const type = button.actionId.slice('concern.'.length) as ConcernActionType;
  const concernId = button.value;
  const actor: Actor = { userId: button.user.userId, channelId: button.channelId };
  const { identity, locale } = await whoIs(rt, button.user);
  if (!identity) {
    await tell(rt, actor, rt.core.unknownUser(locale));
    return;
  }
  if (!concernId) return;

  if (type === 'ack' || type === 'feedback') {
    const action: ConcernAction =
      type === 'ack'
        ? { type: 'ack', note: button.inputs[ACK_NOTE_INPUT] ?? '' }
        : { type: 'feedback', helpful: button.helpful === true, comment: button.inputs.comment ?? '' };
    if (type === 'feedback' && button.helpful === undefined) return;
    const result = await rt.core.act(identity, concernId, action);
    await showResult(rt, actor, type, result, button.message);
    return;
  }
  if (!isModalAction(type)) return;

  const teams = type === 'reassign' ? await rt.core.reassignChoices(identity, concernId) : [];
  if (type === 'reassign' && teams.length === 0) {
    await tell(rt, actor, textMessage(slackText(locale, 'reassign.noTeams')));
    return;
  }
  const meta = { concernId, channel: button.message?.channel ?? button.channelId, ts: button.message?.ts };
  try {
    await rt.client.views.open({ trigger_id: button.triggerId, view: concernModal(locale, type, meta, teams) });
  } catch (error) {
    rt.logger.error({ err: toDeliveryError(error), platform: 'slack', action: type }, 'views.open failed');
    await tell(rt, actor, genericFailure(locale));
  }
}

function actionFrom(action: ModalAction, values: SlackViewSubmission['values']): ConcernAction {
  switch (action) {
    case 'reply':
    case 'note':
    case 'add_info':
      return { type: action, text: textValue(values, 'text') };
    case 'resolve': {
      const message = textValue(values, 'message').trim();
      return { type: 'resolve', outcome: textValue(values, 'outcome'), ...(message ? { message } : {}) };
    }
    case 'ask':
    case 'answer':
      return { type: action, text: textValue(values, 'text') };
    case 'reopen':
      return { type: 'reopen', reason: textValue(values, 'reason') };
    case 'reassign': {
      const reason = textValue(values, 'reason').trim();
      return { type: 'reassign', teamId: textValue(values, 'teamId'), ...(reason ? { reason } : {}) };
    }
    case 'withdraw': {
      const reason = textValue(values, 'reason').trim();
      return { type: 'withdraw', ...(reason ? { reason } : {}) };
    }
  }
}

export interface ConcernModalOutcome {
  ack: ViewAck;
  /** Work after the acknowledgement: update the card, answer the actor. */
  after?: () => Promise<void>;
}

/**
 * A concern modal was submitted. core.act runs before the ack because a text problem (empty,
 * too long) belongs on the field; every other refusal closes the modal and is told privately.
 */
export async function submitConcernView(rt: SlackRuntime, submission: SlackViewSubmission): Promise<ConcernModalOutcome> {
  const action = modalActionOf(submission.callbackId);
  const meta = parseConcernModalMetadata(submission.privateMetadata);
  if (!action || !meta) return { ack: undefined };
  const actor: Actor = { userId: submission.user.userId, channelId: meta.channel };
  const { identity, locale } = await whoIs(rt, submission.user);
  if (!identity) return { ack: undefined, after: () => tell(rt, actor, rt.core.unknownUser(locale)) };

  const concernAction = actionFrom(action, submission.values);
  if (concernAction.type === 'reassign' && !concernAction.teamId) {
    return { ack: { response_action: 'errors', errors: { teamId: t(locale, 'error.required') } } };
  }
  const result = await rt.core.act(identity, meta.concernId, concernAction);
  if (!result.ok && result.fieldError) {
    return { ack: { response_action: 'errors', errors: { [MODAL_INPUT_BLOCK[action]]: result.fieldError } } };
  }
  const clicked = meta.channel && meta.ts ? { channel: meta.channel, ts: meta.ts } : undefined;
  return { ack: undefined, after: () => showResult(rt, actor, concernAction.type, result, clicked) };
}
