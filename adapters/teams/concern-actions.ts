/**
 * Buttons on concern cards. Acknowledge acts at once; the others first open an inline form under
 * the same card (only for the person who pressed), and its submit (data.step = "submit") acts.
 * Who may do what is the core's decision; a refusal is shown to the presser and the card stays.
 */
import type { BrobyggerCore, ConcernAction } from '../../src/core/api.js';
import type { Identity } from '../../src/core/identity.js';
import { categoryLabel, t } from '../../src/core/i18n.js';
import type { MessageAction, MessageBlock, NeutralMessage } from '../../src/core/messages.js';
import { ACK_NOTE_INPUT } from '../../src/core/render.js';
import type { Concern, Locale } from '../../src/core/model.js';
import { cardAnswer, noticeAnswer, type Answer } from './answer.js';
import { actionForm, formFields, isFormAction, type FormActionId } from './forms.js';
import type { CardData } from './parse.js';
import { plainText } from '../../src/core/plain-text.js';
import { renderCard, textBlock } from './render.js';
import { teamsText } from './strings.js';

const REPORTER_ACTIONS = new Set<string>(['concern.add_info', 'concern.withdraw', 'concern.answer', 'concern.reopen', 'concern.feedback']);

/** What a reporter sees about their own concern: its reference, a line of news, their buttons. */
function reporterView(locale: Locale, concern: Concern, news: MessageBlock[] = []): NeutralMessage {
  const title = t(locale, 'card.title', { ref: concern.ref, category: categoryLabel(locale, concern.category) });
  const active = concern.state === 'open' || concern.state === 'acknowledged' || concern.state === 'waiting';
  const answer: MessageAction[] = concern.state === 'waiting' ? [{ id: 'concern.answer', label: t(locale, 'action.concern.answer'), concernId: concern.id, style: 'primary' }] : [];
  const actions: MessageBlock[] = active
    ? [
        {
          kind: 'actions',
          actions: [
            ...answer,
            { id: 'concern.add_info', label: t(locale, 'action.concern.add_info'), concernId: concern.id },
            { id: 'concern.withdraw', label: t(locale, 'action.concern.withdraw'), concernId: concern.id, style: 'danger' },
          ],
        },
      ]
    : [];
  return { summary: title, blocks: [{ kind: 'header', text: title }, ...news, ...actions] };
}

async function currentView(core: BrobyggerCore, identity: Identity, concernId: string, action: FormActionId): Promise<NeutralMessage | null> {
  const concern = await core.getConcern(identity, concernId);
  if (!concern) return null;
  return REPORTER_ACTIONS.has(action) ? reporterView(identity.person.locale, concern) : core.teamCard(concern);
}

async function withForm(
  core: BrobyggerCore,
  identity: Identity,
  view: NeutralMessage,
  action: FormActionId,
  concernId: string,
  values: Record<string, string> = {},
  error?: string,
): Promise<Answer> {
  const teamChoices = action === 'concern.reassign' ? await core.reassignChoices(identity, concernId) : undefined;
  const form = actionForm({ locale: identity.person.locale, action, concernId, values, ...(teamChoices ? { teamChoices } : {}), ...(error ? { error } : {}) });
  return cardAnswer(renderCard(view, { withoutActions: true, append: form.elements, cardActions: form.actions }), view.summary);
}

/** The form's values as a core action, or the first required field left empty. */
function actionFrom(action: FormActionId, inputs: Record<string, string>): ConcernAction | { missing: string } {
  const value = (id: string) => (inputs[id] ?? '').trim();
  const missing = formFields(action).find((f) => f.required && !value(f.id));
  if (missing) return { missing: missing.id };
  const reason = value('reason') ? { reason: value('reason') } : {};
  switch (action) {
    case 'concern.reply':
      return { type: 'reply', text: value('text') };
    case 'concern.note':
      return { type: 'note', text: value('text') };
    case 'concern.add_info':
      return { type: 'add_info', text: value('text') };
    case 'concern.reassign':
      return { type: 'reassign', teamId: value('teamId'), ...reason };
    case 'concern.withdraw':
      return { type: 'withdraw', ...reason };
    case 'concern.resolve':
      return { type: 'resolve', outcome: value('outcome'), ...(value('message') ? { message: value('message') } : {}) };
    case 'concern.ask':
      return { type: 'ask', text: value('text') };
    case 'concern.answer':
      return { type: 'answer', text: value('text') };
    case 'concern.reopen':
      return { type: 'reopen', reason: value('reason') };
  }
}

async function act(core: BrobyggerCore, identity: Identity, concernId: string, action: ConcernAction, data: CardData): Promise<Answer> {
  const locale = identity.person.locale;
  const result = await core.act(identity, concernId, action);
  if (!result.ok) {
    if (result.code === 'invalid' && result.fieldError && isFormAction(data.action)) {
      const view = await currentView(core, identity, concernId, data.action);
      if (view) return withForm(core, identity, view, data.action, concernId, data.inputs, result.fieldError);
    }
    // A refusal that offers a way on (a new concern after the reopen window) keeps its button.
    if (result.reply.blocks.some((b) => b.kind === 'actions')) return cardAnswer(renderCard(result.reply), result.reply.summary);
    return noticeAnswer(plainText(result.reply));
  }
  const feedback = plainText(result.reply);
  if (REPORTER_ACTIONS.has(data.action)) {
    const followUp = result.reply.blocks.filter((b) => b.kind === 'actions');
    const view = reporterView(locale, result.concern, [{ kind: 'text', text: feedback }, ...followUp]);
    return cardAnswer(renderCard(view), feedback);
  }
  // The presser sees the new card with their feedback; the notify workflow updates it for everyone.
  const card = renderCard(result.card, { append: [textBlock(feedback, { color: 'Good', separator: true })] });
  return cardAnswer(card, result.card.summary);
}

export async function handleConcernAction(core: BrobyggerCore, identity: Identity, data: CardData): Promise<Answer> {
  const locale = identity.person.locale;
  const { concernId } = data;
  if (!concernId) return noticeAnswer(teamsText(locale, 'unknownButton'));
  if (data.action === 'concern.ack') return act(core, identity, concernId, { type: 'ack', note: data.inputs[ACK_NOTE_INPUT] ?? '' }, data);
  if (data.action === 'concern.feedback') {
    if (data.helpful === undefined) return noticeAnswer(teamsText(locale, 'unknownButton'));
    return act(core, identity, concernId, { type: 'feedback', helpful: data.helpful, comment: data.inputs.comment ?? '' }, data);
  }
  if (!isFormAction(data.action)) return noticeAnswer(teamsText(locale, 'unknownButton'));
  const action = data.action;

  if (data.step === 'submit') {
    const parsed = actionFrom(action, data.inputs);
    if (!('missing' in parsed)) return act(core, identity, concernId, parsed, data);
    const view = await currentView(core, identity, concernId, action);
    if (!view) return noticeAnswer(teamsText(locale, 'notFound'));
    return withForm(core, identity, view, action, concernId, data.inputs, t(locale, 'error.required'));
  }

  const view = await currentView(core, identity, concernId, action);
  if (!view) return noticeAnswer(teamsText(locale, 'notFound'));
  if (data.step === 'cancel') return cardAnswer(renderCard(view), view.summary);
  return withForm(core, identity, view, action, concernId);
}
