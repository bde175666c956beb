/**
 * The Adaptive Card forms: the intake form in the personal chat, and the small inline forms that
 * open under a concern card (reply, note, reassign, resolve, add information, withdraw).
 * Inputs carry our ids (category, departmentId, … / text, teamId, …) so a submission maps 1:1.
 */
import type { Choice, IntakeChoices, IntakeField } from '../../src/core/api.js';
import { t, type MessageKey } from '../../src/core/i18n.js';
import { isLoopKey, outcomeChoices, tl, type LoopKey } from '../../src/core/loop-i18n.js';
import type { ActionId } from '../../src/core/messages.js';
import type { Locale } from '../../src/core/model.js';
import type { CardAction, CardElement } from './cards.js';
import { card, type AdaptiveCard } from './cards.js';
import { textBlock } from './render.js';
import { TEAMS_STATIC_CHOICES } from '../../src/core/platform-limits.js';
import { teamsText } from './strings.js';

const errorText = (message: string): CardElement => textBlock(message, { color: 'Attention', size: 'Small', spacing: 'None' });

/**
 * Lists up to this many choices go into the card, filtered as the person types (static
 * typeahead); longer lists (an association's departments, teams to reassign to) keep the card
 * small and are searched by the bot as the person types (dynamic typeahead: `choices.data` with a
 * Data.Query, answered by the `application/search` invoke in dispatch.ts). Slack's equivalent is
 * option groups (adapters/slack/forms.ts); `directory check` says which lists pass this.
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/dynamic-search
 * (TEAMS_STATIC_CHOICES lives with the other platform limits, src/core/platform-limits.ts.)
 * The dataset names below come back in the search invoke and say which list to search.
 */
export const DEPARTMENTS_DATASET = 'departments';
export const reassignDataset = (concernId: string) => `reassign:${concernId}`;

function choiceSet(
  id: string,
  label: string,
  choices: Choice[],
  opts: { locale: Locale; value?: string; required: boolean; error?: string; expanded?: boolean; dataset?: string },
): CardElement[] {
  const chosen = opts.value ? choices.find((c) => c.value === opts.value) : undefined;
  const dynamic = !opts.expanded && !!opts.dataset && choices.length > TEAMS_STATIC_CHOICES;
  // Dynamic: only the chosen value stays in the card (so it shows), the rest comes by search.
  const inCard = dynamic ? (chosen ? [chosen] : []) : choices;
  return [
    {
      type: 'Input.ChoiceSet',
      id,
      label,
      style: opts.expanded ? 'expanded' : 'filtered',
      placeholder: t(opts.locale, dynamic ? 'form.search' : 'form.choose'),
      choices: inCard.map((c) => ({ title: c.label, value: c.value })),
      ...(dynamic ? { 'choices.data': { type: 'Data.Query', dataset: opts.dataset, count: 15 } } : {}),
      isRequired: opts.required,
      errorMessage: opts.error ?? t(opts.locale, 'error.required'),
      ...(chosen ? { value: chosen.value } : {}),
    },
    ...(opts.error ? [errorText(opts.error)] : []),
  ];
}

function textInput(
  id: string,
  label: string,
  opts: { locale: Locale; value?: string; required: boolean; error?: string; multiline?: boolean; placeholder?: string },
): CardElement[] {
  return [
    {
      type: 'Input.Text',
      id,
      label,
      isMultiline: !!opts.multiline,
      isRequired: opts.required,
      errorMessage: opts.error ?? t(opts.locale, 'error.required'),
      ...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
      ...(opts.value ? { value: opts.value } : {}),
    },
    ...(opts.error ? [errorText(opts.error)] : []),
  ];
}

export interface IntakeFormInput {
  locale: Locale;
  choices: IntakeChoices;
  /** Pre-filled or previously submitted values, by field id. */
  values: Partial<Record<IntakeField, string>>;
  errors?: Partial<Record<IntakeField, string>>;
  /** Identifies this form: a second submit of the same form is the same concern. */
  formId: string;
  /** Begun from a message with a file: the submit says so, and the concern records the offer. */
  filesOffered?: boolean;
}

export function intakeForm(input: IntakeFormInput): AdaptiveCard {
  const { locale, choices, values } = input;
  const errors = input.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  const body: CardElement[] = [
    textBlock(t(locale, 'form.intake.title'), { size: 'Large', weight: 'Bolder' }),
    ...(hasErrors ? [textBlock(teamsText(locale, 'formErrors'), { color: 'Attention', weight: 'Bolder' })] : []),
    ...choiceSet('category', t(locale, 'form.category'), choices.categories, { locale, value: values.category, required: true, error: errors.category }),
    ...choiceSet('departmentId', t(locale, 'form.department'), choices.departments, { locale, value: values.departmentId, required: true, error: errors.departmentId, dataset: DEPARTMENTS_DATASET }),
    ...textInput('address', t(locale, 'form.address'), { locale, value: values.address, required: true, error: errors.address, placeholder: t(locale, 'form.address.placeholder') }),
    ...choiceSet('urgency', t(locale, 'form.urgency'), choices.urgencies, { locale, value: values.urgency, required: true, error: errors.urgency }),
    ...textInput('description', t(locale, 'form.description'), {
      locale,
      value: values.description,
      required: true,
      error: errors.description,
      multiline: true,
      placeholder: t(locale, 'form.description.placeholder'),
    }),
    ...choiceSet('residentKnows', t(locale, 'form.residentKnows'), choices.residentKnows, {
      locale,
      value: values.residentKnows ?? 'unknown',
      required: true,
      error: errors.residentKnows,
      expanded: true,
    }),
    { type: 'Input.Date', id: 'rentDemandDate', label: t(locale, 'form.rentDemandDate'), isRequired: false, ...(values.rentDemandDate ? { value: values.rentDemandDate } : {}) },
    ...(errors.rentDemandDate ? [errorText(errors.rentDemandDate)] : []),
  ];
  const submit: CardAction = {
    type: 'Action.Execute',
    title: t(locale, 'action.intake.submit'),
    verb: 'intake.submit',
    style: 'positive',
    data: { action: 'intake.submit', formId: input.formId, ...(input.filesOffered ? { filesOffered: true } : {}) },
  };
  return card(body, [submit]);
}

/** Buttons that open an inline form before anything happens (everything except acknowledge). */
export const FORM_ACTIONS = [
  'concern.reply',
  'concern.note',
  'concern.reassign',
  'concern.resolve',
  'concern.add_info',
  'concern.withdraw',
  'concern.ask',
  'concern.answer',
  'concern.reopen',
] as const satisfies readonly ActionId[];
export type FormActionId = (typeof FORM_ACTIONS)[number];

export const isFormAction = (id: ActionId): id is FormActionId => (FORM_ACTIONS as readonly string[]).includes(id);

interface FieldSpec {
  id: 'text' | 'outcome' | 'teamId' | 'reason' | 'message';
  label: MessageKey | LoopKey;
  required: boolean;
  /** `choice`: the teams to reassign to; `outcome`: the outcome ids. */
  kind: 'text' | 'choice' | 'outcome';
}

const label = (locale: Locale, key: MessageKey | LoopKey): string => (isLoopKey(key) ? tl(locale, key) : t(locale, key));

const FORM_SPECS: Record<FormActionId, { title: MessageKey | LoopKey; fields: FieldSpec[] }> = {
  'concern.reply': { title: 'form.reply.title', fields: [{ id: 'text', label: 'form.reply.label', required: true, kind: 'text' }] },
  'concern.note': { title: 'form.note.title', fields: [{ id: 'text', label: 'form.note.label', required: true, kind: 'text' }] },
  'concern.add_info': { title: 'form.addInfo.title', fields: [{ id: 'text', label: 'form.addInfo.label', required: true, kind: 'text' }] },
  'concern.resolve': {
    title: 'form.resolve.title',
    fields: [
      { id: 'outcome', label: 'form.resolve.outcomeChoice', required: true, kind: 'outcome' },
      { id: 'message', label: 'form.resolve.message', required: false, kind: 'text' },
    ],
  },
  'concern.ask': { title: 'form.ask.title', fields: [{ id: 'text', label: 'form.ask.label', required: true, kind: 'text' }] },
  'concern.answer': { title: 'form.answer.title', fields: [{ id: 'text', label: 'form.answer.label', required: true, kind: 'text' }] },
  'concern.reopen': { title: 'form.reopen.title', fields: [{ id: 'reason', label: 'form.reopen.reason', required: true, kind: 'text' }] },
  'concern.reassign': {
    title: 'form.reassign.title',
    fields: [
      { id: 'teamId', label: 'form.reassign.team', required: true, kind: 'choice' },
      { id: 'reason', label: 'form.reassign.reason', required: false, kind: 'text' },
    ],
  },
  'concern.withdraw': { title: 'action.concern.withdraw', fields: [{ id: 'reason', label: 'form.withdraw.reason', required: false, kind: 'text' }] },
};

export const formFields = (action: FormActionId) => FORM_SPECS[action].fields;

export interface ActionFormInput {
  locale: Locale;
  action: FormActionId;
  concernId: string;
  /** Teams to choose from when reassigning. */
  teamChoices?: Choice[];
  values?: Record<string, string>;
  /** Shown on the first field (the one the core validates). */
  error?: string;
}

/** The inline form appended under a card, and the card actions that submit or cancel it. */
export function actionForm(input: ActionFormInput): { elements: CardElement[]; actions: CardAction[] } {
  const { locale, action, concernId } = input;
  const spec = FORM_SPECS[action];
  const elements: CardElement[] = [textBlock(label(locale, spec.title), { weight: 'Bolder', separator: true, spacing: 'Medium' })];
  spec.fields.forEach((field, index) => {
    const error = index === 0 ? input.error : undefined;
    const value = input.values?.[field.id];
    if (field.kind === 'choice') {
      elements.push(...choiceSet(field.id, label(locale, field.label), input.teamChoices ?? [], { locale, value, required: field.required, error, dataset: reassignDataset(concernId) }));
    } else if (field.kind === 'outcome') {
      elements.push(...choiceSet(field.id, label(locale, field.label), outcomeChoices(locale), { locale, value, required: field.required, error, expanded: true }));
    } else {
      elements.push(...textInput(field.id, label(locale, field.label), { locale, value, required: field.required, error, multiline: true }));
    }
  });
  const submit: CardAction = {
    type: 'Action.Execute',
    title: t(locale, `action.${action}`),
    verb: action,
    style: action === 'concern.withdraw' ? 'destructive' : 'positive',
    data: { action, concernId, step: 'submit' },
  };
  const cancel: CardAction = {
    type: 'Action.Execute',
    title: t(locale, 'form.cancel'),
    verb: action,
    associatedInputs: 'none',
    data: { action, concernId, step: 'cancel' },
  };
  return { elements, actions: [submit, cancel] };
}
