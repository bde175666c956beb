/**
 * What a person would see, as plain text for a terminal: Slack Block Kit (messages and modals)
 * and Adaptive Cards (TextBlocks, FactSets, inputs, buttons), indented under a heading that
 * names the person.
 */

type Json = Record<string, unknown>;

const WIDTH = 96;
const INDENT = '    ';

const isObject = (value: unknown): value is Json => !!value && typeof value === 'object' && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Breaks text into lines of at most `width` characters, keeping its own line breaks. */
export function wrap(text: string, width = WIDTH): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    // Split on single spaces only, so deliberate runs of spaces (between options) survive.
    for (const word of paragraph.trim().split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    out.push(line);
  }
  return out;
}

/** "Label: value" lines with the values lined up. */
function labelled(pairs: [string, string][]): string[] {
  const pad = Math.max(0, ...pairs.map(([label]) => label.length)) + 2;
  return pairs.flatMap(([label, value]) => {
    const [first = '', ...rest] = wrap(value, WIDTH - pad);
    return [`${`${label}:`.padEnd(pad)}${first}`, ...rest.map((l) => `${' '.repeat(pad)}${l}`)];
  });
}

const buttonRow = (titles: string[]): string[] => (titles.length > 0 ? [titles.map((t) => `[ ${t} ]`).join('  ')] : []);

// ---------------------------------------------------------------------------------------------
// Slack

/** mrkdwn as read on screen: entities decoded, *bold* markers and <url|label> links resolved. */
export function fromMrkdwn(text: string): string {
  return text
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/(^|\s)\*([^*\n]+)\*/g, '$1$2')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function slackText(object: unknown): string {
  if (!isObject(object)) return '';
  return object.type === 'mrkdwn' ? fromMrkdwn(str(object.text)) : str(object.text);
}

function slackInput(block: Json): string[] {
  const label = slackText(block.label);
  const element = isObject(block.element) ? block.element : {};
  switch (element.type) {
    case 'static_select': {
      const chosen = isObject(element.initial_option) ? slackText(element.initial_option.text) : slackText(element.placeholder) || 'Vælg …';
      return labelled([[label, `[ ${chosen} ▾ ]`]]);
    }
    case 'radio_buttons': {
      const initial = isObject(element.initial_option) ? element.initial_option.value : undefined;
      const options = list(element.options).map((o) => `(${o.value === initial ? '•' : ' '}) ${slackText(o.text)}`);
      return labelled([[label, options.join('   ')]]);
    }
    case 'plain_text_input': {
      const value = str(element.initial_value);
      if (value) return [`${label}:`, ...wrap(value, WIDTH - 4).map((l) => `  │ ${l}`)];
      const placeholder = slackText(element.placeholder);
      return labelled([[label, placeholder ? `[ ${placeholder} ]` : '[ ________ ]']]);
    }
    default:
      return labelled([[label, '…']]);
  }
}

function slackBlock(block: Json): string[] {
  switch (block.type) {
    case 'header':
      return wrap(slackText(block.text)).map((l) => `▌ ${l}`);
    case 'section': {
      const lines = block.text ? wrap(slackText(block.text)) : [];
      const fields = list(block.fields).map((f) => {
        const [label = '', ...value] = slackText(f).split('\n');
        return [label, value.join(' ')] as [string, string];
      });
      return [...lines, ...labelled(fields)];
    }
    case 'context':
      return wrap(list(block.elements).map(slackText).join(' · '), WIDTH - 2).map((l) => `· ${l}`);
    case 'actions':
      return buttonRow(list(block.elements).map((e) => slackText(e.text)));
    case 'divider':
      return ['─'.repeat(40)];
    case 'input':
      return slackInput(block);
    default:
      return [];
  }
}

/** A chat message (chat.postMessage / postEphemeral / update arguments). */
export function slackMessageLines(args: Json): string[] {
  const blocks = list(args.blocks);
  return blocks.length > 0 ? blocks.flatMap(slackBlock) : wrap(fromMrkdwn(str(args.text)));
}

/** A modal: its title bar, its blocks, and the submit / close buttons at the bottom. */
export function slackViewLines(view: Json): string[] {
  const title = slackText(view.title);
  const footer = [slackText(view.submit), slackText(view.close)].filter(Boolean);
  return [`┌─ ${title} ─`, ...list(view.blocks).flatMap(slackBlock).map((l) => `│ ${l}`), `└─ ${buttonRow(footer)[0] ?? ''}`];
}

// ---------------------------------------------------------------------------------------------
// Teams (Adaptive Cards)

/** TextBlocks and facts are markdown with every markup character backslash-escaped. */
export const fromCardMarkdown = (text: string): string => text.replace(/\\([\\`*_[\]()<>~|#&!.+-])/g, '$1');

function cardInput(element: Json): string[] {
  const label = fromCardMarkdown(str(element.label)) || str(element.id);
  if (element.type === 'Input.ChoiceSet') {
    const choices = list(element.choices);
    if (element.style === 'expanded') {
      return labelled([[label, choices.map((c) => `(${c.value === element.value ? '•' : ' '}) ${str(c.title)}`).join('   ')]]);
    }
    const chosen = choices.find((c) => c.value === element.value);
    return labelled([[label, `[ ${chosen ? str(chosen.title) : str(element.placeholder) || 'Vælg …'} ▾ ]`]]);
  }
  const value = str(element.value);
  if (value) return [`${label}:`, ...wrap(value, WIDTH - 4).map((l) => `  │ ${l}`)];
  const placeholder = str(element.placeholder);
  return labelled([[label, placeholder ? `[ ${placeholder} ]` : '[ ________ ]']]);
}

function cardElement(element: Json): string[] {
  switch (element.type) {
    case 'TextBlock': {
      const text = fromCardMarkdown(str(element.text));
      if (element.size === 'Large' || element.weight === 'Bolder') return wrap(text).map((l) => `▌ ${l}`);
      if (element.isSubtle) return wrap(text, WIDTH - 2).map((l) => `· ${l}`);
      return wrap(text);
    }
    case 'FactSet':
      return labelled(list(element.facts).map((f) => [fromCardMarkdown(str(f.title)), fromCardMarkdown(str(f.value))]));
    case 'ActionSet':
      return buttonRow(list(element.actions).map((a) => str(a.title)));
    case 'Container':
      return list(element.items).flatMap(cardElement);
    case 'ColumnSet':
      return list(element.columns).flatMap((c) => list(c.items).flatMap(cardElement));
    default:
      return str(element.type).startsWith('Input.') ? cardInput(element) : [];
  }
}

/** An Adaptive Card: its body, then its card-level buttons. */
export function adaptiveCardLines(card: unknown): string[] {
  if (!isObject(card)) return [];
  return [...list(card.body).flatMap(cardElement), ...buttonRow(list(card.actions).map((a) => str(a.title)))];
}

// ---------------------------------------------------------------------------------------------

/** "── Jens Pedersen (vicevært, Slack) sees ──" followed by the lines, indented. */
export function seenBy(person: string, lines: string[], where?: string): string {
  const heading = `── ${person} sees${where ? ` ${where}` : ''} ──`;
  return [heading, ...lines.map((l) => (l ? `${INDENT}${l}` : ''))].join('\n');
}
