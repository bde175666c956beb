/**
 * Buttons on concern cards. Acknowledge acts at once; the others first open an inline form under
 * the same card (only for the person who pressed), and its submit (data.step = "submit") acts.
 * Who may do what is the core's decision; a refusal is shown to the presser and the card stays.
 */
import type { BrobyggerCore, ConcernAction } from '../../src/core/api.js';
import type { Identity } from '../../src/core/identity.js';
import { categoryLabel, t } from '../../src/core/i18n.js';
import type { MessageBlock, NeutralMessage } from '../../src/core/messages.js';
import type { Concern, Locale } from '../../src/core/model.js';
import { cardAnswer, noticeAnswer, type Answer } from './answer.js';
import { actionForm, formFields, isFormAction, type FormActionId } from './forms.js';
import type { CardData } from './parse.js';
import { plainText } from '../../src/core/plain-text.js';
import { renderCard, textBlock } from './render.js';
import { teamsText } from './strings.js';

const REPORTER_ACTIONS = new Set<string>(['concern.add_info', 'concern.withdraw']);

/** What a reporter sees about their own concern: its reference, a line of news, their buttons. */
function reporterView(locale: Locale, concern: Concern, news: MessageBlock[] = []): NeutralMessage {
  const title = t(locale, 'card.title', { ref: concern.ref, category: categoryLabel(locale, concern.category) });
  const active = concern.state === 'open' || concern.state === 'acknowledged';
  const actions: MessageBlock[] = active
    ? [
        {
          kind: 'actions',
          actions: [
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
    case 'concern.resolve':
      return { type: 'resolve', outcome: value('outcome') };
    case 'concern.reassign':
      return { type: 'reassign', teamId: value('teamId'), ...reason };
    case 'concern.withdraw':
      return { type: 'withdraw', ...reason };
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
    return noticeAnswer(plainText(result.reply));
  }
  const feedback = plainText(result.reply);
  if (REPORTER_ACTIONS.has(data.action)) {
    const view = reporterView(locale, result.concern, [{ kind: 'text', text: feedback }]);
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
  if (data.action === 'concern.ack') return act(core, identity, concernId, { type: 'ack' }, data);
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
