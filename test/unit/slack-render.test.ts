import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, renderMessage } from '../../adapters/slack/render.js';
import type { NeutralMessage } from '../../src/core/messages.js';

const INJECTIONS = ['<!channel>', '<!here>', '<@U123>', '<https://evil.example|bank>', '<#C123>'];

interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
  verbatim?: boolean;
}

/** Every text object anywhere in the blocks. */
function textObjects(value: unknown): TextObject[] {
  if (Array.isArray(value)) return value.flatMap(textObjects);
  if (typeof value !== 'object' || value === null) return [];
  const obj = value as Record<string, unknown>;
  const own = (obj.type === 'mrkdwn' || obj.type === 'plain_text') && typeof obj.text === 'string' ? [obj as unknown as TextObject] : [];
  return [...own, ...Object.values(obj).flatMap(textObjects)];
}

/** Slack acts on <…> sequences only in mrkdwn; plain_text shows them literally. */
function activeSequences(rendered: ReturnType<typeof renderMessage>): string[] {
  const mrkdwn = [rendered.text, ...textObjects(rendered.blocks).filter((o) => o.type === 'mrkdwn').map((o) => o.text)];
  return mrkdwn.flatMap((text) => text.match(/<[!@#]?[^>]*>/g) ?? []);
}

describe('Slack rendering of text people wrote', () => {
  const hostile = `Hjælp ${INJECTIONS.join(' ')} & tak`;
  const message: NeutralMessage = {
    summary: `Ny bekymring: ${hostile}`,
    blocks: [
      { kind: 'header', text: `BB-2026-0001 ${hostile}` },
      { kind: 'text', text: hostile },
      { kind: 'fields', fields: [{ label: 'Adresse', value: hostile }, { label: `Navn ${hostile}`, value: 'x' }] },
      { kind: 'context', text: hostile },
      { kind: 'link', label: hostile, url: 'https://kommune.example/underretning' },
    ],
  };

  it('cannot ping anyone or disguise a link', () => {
    const rendered = renderMessage(message);
    expect(activeSequences(rendered).filter((s) => !s.startsWith('<https://kommune.example/'))).toEqual([]);
  });

  it('escapes mrkdwn text and keeps what was written readable', () => {
    const rendered = renderMessage(message);
    expect(rendered.text).toContain('&lt;!channel&gt;');
    expect(rendered.text).toContain('&lt;@U123&gt;');
    expect(rendered.text).toContain('&lt;https://evil.example|bank&gt;');
    expect(rendered.text).toContain('&amp; tak');
    const fields = textObjects(rendered.blocks).filter((o) => o.type === 'mrkdwn' && o.text.startsWith('*Adresse*'));
    expect(fields[0]?.text).toBe(`*Adresse*\n${escapeMrkdwn(hostile)}`);
    expect(fields[0]?.verbatim).toBe(true);
  });

  it('puts free text in plain_text objects, shown literally', () => {
    const rendered = renderMessage(message);
    const section = rendered.blocks.find((b) => b.type === 'section' && 'text' in b && b.text?.type === 'plain_text');
    expect(section).toMatchObject({ text: { type: 'plain_text', text: hostile } });
  });

  it('links only http(s) URLs and keeps a | in the URL from ending the link', () => {
    const rendered = renderMessage({
      summary: 's',
      blocks: [
        { kind: 'link', label: 'Send underretning', url: 'https://kommune.example/form?a=1|2' },
        { kind: 'link', label: 'Klik', url: 'javascript:alert(1)' },
      ],
    });
    const texts = textObjects(rendered.blocks).map((o) => o.text);
    expect(texts[0]).toBe('<https://kommune.example/form?a=1%7C2|Send underretning>');
    expect(texts[1]).not.toContain('<javascript');
  });
});

describe('Slack rendering of cards', () => {
  it('renders actions as buttons whose action_id is the action and value the concern id', () => {
    const rendered = renderMessage({
      summary: 'Ny bekymring',
      blocks: [
        {
          kind: 'actions',
          actions: [
            { id: 'concern.ack', label: 'Kvittér', concernId: 'c-1', style: 'primary' },
            { id: 'concern.reply', label: 'Svar til anmelder', concernId: 'c-1' },
          ],
        },
      ],
    });
    expect(rendered.blocks).toEqual([
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'concern.ack', value: 'c-1', style: 'primary', text: { type: 'plain_text', text: 'Kvittér', emoji: true } },
          { type: 'button', action_id: 'concern.reply', value: 'c-1', text: { type: 'plain_text', text: 'Svar til anmelder', emoji: true } },
        ],
      },
    ]);
  });

  it('keeps within Block Kit limits for long texts and headers', () => {
    const long = 'a'.repeat(7000);
    const rendered = renderMessage({ summary: long, blocks: [{ kind: 'header', text: long }, { kind: 'text', text: long }] });
    const texts = textObjects(rendered.blocks);
    expect(texts[0]!.text.length).toBeLessThanOrEqual(150);
    expect(texts.slice(1).every((o) => o.text.length <= 3000)).toBe(true);
    expect(texts.slice(1).map((o) => o.text).join('')).toBe(long);
    expect(rendered.text.length).toBeLessThanOrEqual(3000);
  });

  it('never exceeds 50 blocks and keeps the buttons', () => {
    const blocks: NeutralMessage['blocks'] = Array.from({ length: 60 }, (_, i) => ({ kind: 'context' as const, text: `line ${i}` }));
    blocks.push({ kind: 'actions', actions: [{ id: 'concern.ack', label: 'Kvittér', concernId: 'c-1' }] });
    const rendered = renderMessage({ summary: 's', blocks });
    expect(rendered.blocks).toHaveLength(50);
    expect(rendered.blocks.at(-1)?.type).toBe('actions');
  });
});

describe('long texts in Block Kit', () => {
  it('splits a 10,000-character text into sections of at most 3000 that give the text back', () => {
    const text = Array.from({ length: 1500 }, (_, i) => (i % 40 === 39 ? 'slut.\n' : 'ordene ')).join('').slice(0, 10_000);
    const { blocks } = renderMessage({ summary: 's', blocks: [{ kind: 'text', text }] });
    const sections = blocks.map((b) => (b as { text: TextObject }).text.text);
    expect(sections.length).toBeGreaterThan(3);
    for (const s of sections) expect(s.length).toBeLessThanOrEqual(3000);
    // Each break is at a line end (dropped between sections) or a space (kept).
    expect(sections.join('\n').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' ').trim());
  });

  it('splits a long context line instead of cutting it', () => {
    const text = 'spørgsmål '.repeat(500);
    const { blocks } = renderMessage({ summary: 's', blocks: [{ kind: 'context', text }] });
    const parts = blocks.map((b) => (b as { elements: TextObject[] }).elements[0]!.text);
    expect(parts.length).toBe(3);
    expect(parts.join('')).toBe(text);
  });
});
