/**
 * NeutralMessage → Block Kit. Text people wrote goes into plain_text objects where Block Kit
 * allows it; where mrkdwn is needed (field labels, links, the notification text) it is escaped,
 * so `<!channel>`, `<@U…>` or `<https://evil|bank>` in a concern can neither ping nor disguise a link.
 */
import type { types } from './sdk.js';
import type { MessageAction, MessageBlock, NeutralMessage } from '../../src/core/messages.js';

export type SlackBlock = types.KnownBlock;

export interface RenderedMessage {
  /** Notification / fallback text (mrkdwn, escaped). */
  text: string;
  blocks: SlackBlock[];
}

// Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks).
const LIMIT = {
  messageBlocks: 50,
  viewBlocks: 100,
  header: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  contextText: 2000,
  buttonText: 75,
  buttonValue: 2000,
  buttonsPerBlock: 25,
  fallbackText: 3000,
  imageAltText: 2000,
  imageTitle: 2000,
} as const;

/** Slack's three control characters; everything else in mrkdwn is harmless once these are escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Escapes and shortens so that the escaped form fits (escaping makes text longer). */
export function fitEscaped(text: string, max: number): string {
  const whole = escapeMrkdwn(text);
  if (whole.length <= max) return whole;
  const room = max - 1; // for the ellipsis
  let raw = text.slice(0, room);
  let escaped = escapeMrkdwn(raw);
  while (escaped.length > room) {
    raw = raw.slice(0, raw.length - (escaped.length - room));
    escaped = escapeMrkdwn(raw);
  }
  return `${escaped}…`;
}

export function plain(text: string, max: number = LIMIT.sectionText): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max) || ' ', emoji: true };
}

/** mrkdwn built only from escaped pieces; verbatim stops Slack from linkifying names and URLs. */
function mrkdwn(text: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text: text || ' ', verbatim: true };
}

/**
 * Splits text into parts of at most `size` characters, at a line break or else a space in the
 * second half of the part, so that the parts joined ('') give the text back exactly.
 */
export function splitText(text: string, size: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const newline = rest.lastIndexOf('\n', size - 1);
    const space = rest.lastIndexOf(' ', size - 1);
    const cut = newline > size / 2 ? newline + 1 : space > size / 2 ? space + 1 : size;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts;
}

/** Parts a section can hold; the break between them is where the next section starts. */
const chunks = (text: string, size: number) => splitText(text, size).map((part) => part.replace(/\n$/, ''));

function safeUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  // `|` and `>` would end Slack's <url|label> syntax early.
  return parsed.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
}

export function renderButton(action: MessageAction, value?: string): types.Button {
  const button: types.Button = {
    type: 'button',
    action_id: action.id,
    text: plain(action.label, LIMIT.buttonText),
  };
  const v = value ?? buttonValue(action);
  if (v) button.value = truncate(v, LIMIT.buttonValue);
  if (action.style) button.style = action.style;
  return button;
}

/**
 * A button's `value`: the concern id, or JSON `{concernId, …args}` when the click carries more
 * (feedback's `helpful`); intake.open carries the text to pre-fill the form with, as it always has.
 */
function buttonValue(action: MessageAction): string | undefined {
  if (action.id === 'intake.open') return action.args?.text;
  if (!action.args) return action.concernId;
  return JSON.stringify({ ...(action.concernId ? { concernId: action.concernId } : {}), ...action.args });
}

/** Slack wants action_ids unique within a block: two buttons with one id go in two blocks. */
function actionBlocks(actions: MessageAction[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  let current: types.Button[] = [];
  for (const action of actions) {
    if (current.length === LIMIT.buttonsPerBlock || current.some((b) => b.action_id === action.id)) {
      out.push({ type: 'actions', elements: current });
      current = [];
    }
    current.push(renderButton(action));
  }
  if (current.length > 0) out.push({ type: 'actions', elements: current });
  return out;
}

function renderBlock(block: MessageBlock): SlackBlock[] {
  switch (block.kind) {
    case 'header':
      return [{ type: 'header', text: plain(block.text, LIMIT.header) }];
    case 'text':
      return chunks(block.text, LIMIT.sectionText)
        .filter((part) => part.trim() !== '')
        .map((part) => ({ type: 'section', text: plain(part) }));
    case 'fields': {
      const out: SlackBlock[] = [];
      for (let i = 0; i < block.fields.length; i += LIMIT.fieldsPerSection) {
        const fields = block.fields.slice(i, i + LIMIT.fieldsPerSection).map((f) => {
          const label = `*${fitEscaped(f.label, 200)}*\n`;
          return mrkdwn(label + fitEscaped(f.value || '–', LIMIT.fieldText - label.length));
        });
        out.push({ type: 'section', fields });
      }
      return out;
    }
    case 'context':
      // Context lines may quote people (a question, a reason): split like text, never cut.
      return chunks(block.text, LIMIT.contextText)
        .filter((part) => part.trim() !== '')
        .map((part) => ({ type: 'context', elements: [plain(part, LIMIT.contextText)] }));
    case 'link': {
      const url = safeUrl(block.url);
      const label = fitEscaped(block.label, 500);
      const text = url ? `<${url}|${label}>` : `${label}: ${fitEscaped(block.url, 1000)}`;
      return [{ type: 'section', text: mrkdwn(text) }];
    }
    case 'actions':
      return actionBlocks(block.actions);
    case 'input':
      // Its value arrives with the next button pressed on this message (block_actions state).
      return [
        {
          type: 'input',
          block_id: block.id,
          optional: true,
          dispatch_action: false,
          label: plain(block.label, 2000),
          element: {
            type: 'plain_text_input',
            action_id: 'value',
            max_length: LIMIT.sectionText,
            ...(block.placeholder ? { placeholder: plain(block.placeholder, 150) } : {}),
          },
        },
      ];
    case 'image': {
      // PNG bytes are uploaded by the messenger (files.getUploadURLExternal); only links render here.
      const url = block.url ? safeUrl(block.url) : null;
      if (!url) return [];
      return [{ type: 'image', image_url: url, alt_text: truncate(block.alt, LIMIT.imageAltText), title: plain(block.title, LIMIT.imageTitle) }];
    }
  }
}

export function renderBlocks(message: NeutralMessage, maxBlocks: number = LIMIT.messageBlocks): SlackBlock[] {
  const blocks = message.blocks.flatMap(renderBlock);
  if (blocks.length <= maxBlocks) return blocks;
  // Keep the buttons: they are what people act on.
  const actions = blocks.filter((b) => b.type === 'actions');
  return [...blocks.filter((b) => b.type !== 'actions').slice(0, maxBlocks - actions.length), ...actions].slice(
    0,
    maxBlocks,
  );
}

export function renderMessage(message: NeutralMessage): RenderedMessage {
  return {
    text: fitEscaped(message.summary || ' ', LIMIT.fallbackText),
    blocks: renderBlocks(message, LIMIT.messageBlocks),
  };
}

export function renderViewBlocks(message: NeutralMessage): SlackBlock[] {
  return renderBlocks(message, LIMIT.viewBlocks);
}
