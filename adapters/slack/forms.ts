/**
 * Modal and App Home views. Input block_ids are the core's field names (intake) or the action's
 * argument (text, outcome, teamId, reason), so validation errors can be keyed by block_id.
 */
import type { types } from './sdk.js';
import type { Choice, ConcernActionType, IntakeChoices, IntakePrefill } from '../../src/core/api.js';
import { t, type MessageKey } from '../../src/core/i18n.js';
import { outcomeChoices, tl, type LoopKey } from '../../src/core/loop-i18n.js';
import type { NeutralMessage } from '../../src/core/messages.js';
import type { Locale } from '../../src/core/model.js';
import type { ConcernModalMetadata } from './parse.js';
import { plain, renderButton, renderViewBlocks, splitText, type SlackBlock } from './render.js';
import { slackText } from './strings.js';

export const INTAKE_CALLBACK_ID = 'intake';
/** Every input element uses this action_id; the block_id says which field it is. */
export const INPUT_ACTION_ID = 'value';

// Block Kit limits for views and inputs.
const TITLE_MAX = 24;
const OPTION_TEXT_MAX = 75;
const OPTION_VALUE_MAX = 150;
const SELECT_OPTIONS_MAX = 100;
const RADIO_OPTIONS_MAX = 10;
const TEXT_INPUT_MAX = 3000;
const METADATA_MAX = 3000;

const title = (text: string) => plain(text, TITLE_MAX);

function option(choice: Choice): types.PlainTextOption {
  return { text: plain(choice.label, OPTION_TEXT_MAX), value: choice.value.slice(0, OPTION_VALUE_MAX) };
}

function select(
  blockId: string,
  label: string,
  choices: Choice[],
  placeholder: string,
  initial?: string | null,
): types.InputBlock | null {
  if (choices.length === 0) return null;
  const options = choices.map(option);
  return choiceInput(blockId, label, options, initial, {
    type: 'static_select',
    action_id: INPUT_ACTION_ID,
    placeholder: plain(placeholder, 150),
    ...(options.length <= SELECT_OPTIONS_MAX ? { options } : { option_groups: optionGroups(options) }),
  });
}

/** An input block around a select or radio element, with the initial choice when it is one of `options`. */
function choiceInput<E extends types.StaticSelect | types.RadioButtons>(
  blockId: string,
  label: string,
  options: types.PlainTextOption[],
  initial: string | null | undefined,
  element: E,
): types.InputBlock {
  const initialOption = options.find((o) => o.value === initial);
  return { type: 'input', block_id: blockId, label: plain(label, 2000), element: { ...element, ...(initialOption ? { initial_option: initialOption } : {}) } };
}

/**
 * More than 100 choices (e.g. an association's departments): Block Kit's static_select takes at
 * most 100 `options`, but up to 100 `option_groups` of 100 options each, and the person can type
 * to filter across all of them (https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#static_select).
 * Sorted by label and grouped alphabetically, every choice stays selectable up to 10,000;
 * `directory check` warns long before that (src/core/platform-limits.ts).
 */
function optionGroups(options: types.PlainTextOption[]): Array<{ label: types.PlainTextElement; options: types.PlainTextOption[] }> {
  const sorted = [...options].sort((a, b) => a.text.text.localeCompare(b.text.text, 'da'));
  const groups: Array<{ label: types.PlainTextElement; options: types.PlainTextOption[] }> = [];
  for (let i = 0; i < sorted.length && groups.length < SELECT_OPTIONS_MAX; i += SELECT_OPTIONS_MAX) {
    const chunk = sorted.slice(i, i + SELECT_OPTIONS_MAX);
    const first = chunk[0]!.text.text.slice(0, 30);
    const last = chunk[chunk.length - 1]!.text.text.slice(0, 30);
    groups.push({ label: plain(`${first} – ${last}`, OPTION_TEXT_MAX), options: chunk });
  }
  return groups;
}

function radios(blockId: string, label: string, choices: Choice[], initial?: string): types.InputBlock | null {
  if (choices.length === 0) return null;
  const options = choices.slice(0, RADIO_OPTIONS_MAX).map(option);
  return choiceInput(blockId, label, options, initial, { type: 'radio_buttons', action_id: INPUT_ACTION_ID, options });
}

function textInput(
  blockId: string,
  label: string,
  opts: { multiline?: boolean; placeholder?: string; initial?: string; optional?: boolean; max?: number } = {},
): types.InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    optional: opts.optional ?? false,
    element: {
      type: 'plain_text_input',
      action_id: INPUT_ACTION_ID,
      multiline: opts.multiline ?? false,
      max_length: opts.max ?? TEXT_INPUT_MAX,
      ...(opts.placeholder ? { placeholder: plain(opts.placeholder, 150) } : {}),
      // Callers split what is longer (descriptionInputs); a longer value would make Slack refuse the view.
      ...(opts.initial ? { initial_value: opts.initial } : {}),
    },
  };
}

/** An optional date (datepicker); its value arrives as `selected_date`, YYYY-MM-DD. */
function datePicker(blockId: string, label: string): types.InputBlock {
  return { type: 'input', block_id: blockId, label: plain(label, 2000), optional: true, element: { type: 'datepicker', action_id: INPUT_ACTION_ID } };
}

/**
 * The description input(s): one plain_text_input holds at most 3000 characters, so a longer text
 * (a long DM) is split over inputs `description`, `description_2`, … at line or word breaks, each
 * labelled as a part, and joined again on submission (parse.ts intakeFormValues): never cut.
 */
function descriptionInputs(locale: Locale, text: string): types.InputBlock[] {
  const parts = text.length > TEXT_INPUT_MAX ? splitText(text, TEXT_INPUT_MAX) : [text];
  return parts.map((part, i) =>
    i === 0
      ? textInput('description', t(locale, 'form.description'), { multiline: true, placeholder: t(locale, 'form.description.placeholder'), initial: part })
      : textInput(`description_${i + 1}`, slackText(locale, 'form.descriptionPart', { part: i + 1, parts: parts.length }), { multiline: true, initial: part, optional: true }),
  );
}

/** The intake form, pre-filled from the reporter's first words (and the CPR notice when one was removed). */
export function intakeModal(locale: Locale, choices: IntakeChoices, prefill: IntakePrefill, options: { filesOffered?: boolean } = {}): types.ModalView {
  const choose = t(locale, 'form.choose');
  const onlyDepartment = choices.departments.length === 1 ? choices.departments[0]?.value : undefined;
  const inputs = [
    select('category', t(locale, 'form.category'), choices.categories, choose, prefill.category),
    select('departmentId', t(locale, 'form.department'), choices.departments, choose, onlyDepartment),
    textInput('address', t(locale, 'form.address'), { placeholder: t(locale, 'form.address.placeholder'), max: 200 }),
    select('urgency', t(locale, 'form.urgency'), choices.urgencies, choose, prefill.urgency),
    ...descriptionInputs(locale, prefill.description),
    radios('residentKnows', t(locale, 'form.residentKnows'), choices.residentKnows, 'unknown'),
    datePicker('rentDemandDate', t(locale, 'form.rentDemandDate')),
  ].filter((b): b is types.InputBlock => b !== null);
  const notice = prefill.notice ? renderViewBlocks(withoutActions(prefill.notice)) : [];
  return {
    type: 'modal',
    callback_id: INTAKE_CALLBACK_ID,
    ...(options.filesOffered ? { private_metadata: JSON.stringify({ filesOffered: true }) } : {}),
    title: title(t(locale, 'form.intake.title')),
    submit: title(t(locale, 'form.intake.submit')),
    close: title(t(locale, 'form.cancel')),
    blocks: [...notice, ...inputs],
  };
}

/** Buttons inside a modal would need views.push; what the reporter needs there is the text. */
export function withoutActions(message: NeutralMessage): NeutralMessage {
  return { ...message, blocks: message.blocks.filter((b) => b.kind !== 'actions') };
}

/** Replaces the submitted modal with the core's answer (confirmation or refusal). */
export function answerModal(locale: Locale, message: NeutralMessage): types.ModalView {
  return {
    type: 'modal',
    title: title(slackText(locale, 'modal.sent.title')),
    close: title(slackText(locale, 'modal.close')),
    blocks: renderViewBlocks(withoutActions(message)),
  };
}

/** Actions that need text or a choice first, and the input block that carries it. */
export const MODAL_ACTIONS = ['reply', 'note', 'add_info', 'resolve', 'reassign', 'withdraw', 'ask', 'answer', 'reopen'] as const;
export type ModalAction = (typeof MODAL_ACTIONS)[number];

export const MODAL_INPUT_BLOCK: Record<ModalAction, string> = {
  reply: 'text',
  note: 'text',
  add_info: 'text',
  resolve: 'outcome',
  reassign: 'teamId',
  withdraw: 'reason',
  ask: 'text',
  answer: 'text',
  reopen: 'reason',
};

export function callbackIdFor(action: ModalAction): string {
  return `concern.${action}`;
}

export function modalActionOf(callbackId: string): ModalAction | null {
  const name = callbackId.startsWith('concern.') ? callbackId.slice('concern.'.length) : '';
  return (MODAL_ACTIONS as readonly string[]).includes(name) ? (name as ModalAction) : null;
}

export const isModalAction = (action: ConcernActionType): action is ModalAction =>
  (MODAL_ACTIONS as readonly string[]).includes(action);

const MODAL_TITLES: Record<Exclude<ModalAction, 'withdraw' | 'ask' | 'answer' | 'reopen'>, MessageKey> = {
  reply: 'form.reply.title',
  note: 'form.note.title',
  add_info: 'form.addInfo.title',
  resolve: 'form.resolve.title',
  reassign: 'form.reassign.title',
};
const LOOP_TITLES: Record<'ask' | 'answer' | 'reopen', LoopKey> = { ask: 'form.ask.title', answer: 'form.answer.title', reopen: 'form.reopen.title' };

function modalHeading(locale: Locale, action: ModalAction): string {
  if (action === 'withdraw') return slackText(locale, 'modal.withdraw.title');
  if (action === 'ask' || action === 'answer' || action === 'reopen') return tl(locale, LOOP_TITLES[action]);
  return t(locale, MODAL_TITLES[action]);
}

function metadata(meta: ConcernModalMetadata): string {
  const json = JSON.stringify(meta);
  // A clicked-message reference is a convenience; the concern id is what must survive.
  return json.length <= METADATA_MAX ? json : JSON.stringify({ concernId: meta.concernId });
}

/** The small modal behind reply / note / add_info / resolve / reassign / withdraw. */
export function concernModal(
  locale: Locale,
  action: ModalAction,
  meta: ConcernModalMetadata,
  teams: Choice[] = [],
): types.ModalView {
  const text = (blockId: 'text' | 'reason' | 'message', label: string, optional = false) =>
    textInput(blockId, label, { multiline: true, optional });
  const fields: Record<ModalAction, () => (types.InputBlock | null)[]> = {
    reply: () => [text('text', t(locale, 'form.reply.label'))],
    note: () => [text('text', t(locale, 'form.note.label'))],
    add_info: () => [text('text', t(locale, 'form.addInfo.label'))],
    ask: () => [text('text', tl(locale, 'form.ask.label'))],
    answer: () => [text('text', tl(locale, 'form.answer.label'))],
    reopen: () => [text('reason', tl(locale, 'form.reopen.reason'))],
    withdraw: () => [text('reason', t(locale, 'form.withdraw.reason'), true)],
    resolve: () => [radios('outcome', tl(locale, 'form.resolve.outcomeChoice'), outcomeChoices(locale)), text('message', tl(locale, 'form.resolve.message'), true)],
    reassign: () => [select('teamId', t(locale, 'form.reassign.team'), teams, t(locale, 'form.choose')), text('reason', t(locale, 'form.reassign.reason'), true)],
  };
  const blocks: SlackBlock[] = fields[action]().filter((block): block is types.InputBlock => block !== null);
  const heading = modalHeading(locale, action);
  return {
    type: 'modal',
    callback_id: callbackIdFor(action),
    private_metadata: metadata(meta),
    title: title(heading),
    submit: title(slackText(locale, action === 'note' ? 'modal.save' : 'modal.submit')),
    close: title(t(locale, 'form.cancel')),
    blocks,
  };
}

/**
 * The DM answer to free text: a button that opens the pre-filled intake modal. The (already
 * redacted) text travels in the button's value, which Slack caps at 2000 characters.
 */
export function renderIntakeOffer(locale: Locale, description: string): { text: string; blocks: SlackBlock[] } {
  const button = renderButton(
    { id: 'intake.open', label: t(locale, 'action.intake.open'), style: 'primary' },
    description,
  );
  return {
    text: slackText(locale, 'offer.summary'),
    blocks: [{ type: 'section', text: plain(slackText(locale, 'offer.text')) }, { type: 'actions', elements: [button] }],
  };
}

/** App Home: a way in for reporters, and what the person can see right now. */
export function homeView(locale: Locale, opts: { canReport: boolean; body: NeutralMessage }): types.HomeView {
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(slackText(locale, 'home.title'), 150) },
    { type: 'section', text: plain(slackText(locale, 'home.intro')) },
  ];
  if (opts.canReport) {
    blocks.push({
      type: 'actions',
      elements: [renderButton({ id: 'intake.open', label: t(locale, 'action.intake.open'), style: 'primary' })],
    });
  }
  blocks.push({ type: 'divider' }, ...renderViewBlocks(opts.body));
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
