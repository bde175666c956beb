/**
 * Slack's message text → what the person typed, for people to read. Slack escapes `&`, `<` and
 * `>` and writes references in angle brackets (https://docs.slack.dev/messaging/formatting-message-text#escaping
 * and #advanced): users `<@U…>`, channels `<#C…|name>`, links `<https://…|label>`, `<mailto:…|label>`,
 * special mentions `<!here>`, `<!channel>`, `<!everyone>`, user groups `<!subteam^S…|@name>` and
 * dates `<!date^…|fallback>`. This applies to message events and slash-command text; modal
 * plain_text_input values arrive unescaped and must not go through here.
 */
import { decodeHTML } from 'entities';

/** Who a user id is, for `<@U…>`; undefined when unknown (the payload's label or the id is used). */
export type UserNames = (userIds: string[]) => Promise<Map<string, string>>;

const REFERENCE = /<([^<>]*)>/g;

function splitLabel(inner: string): { target: string; label: string | undefined } {
  const bar = inner.indexOf('|');
  return bar === -1 ? { target: inner, label: undefined } : { target: inner.slice(0, bar), label: inner.slice(bar + 1) };
}

/** The user ids a text refers to with `<@U…>`. */
export function mentionedUserIds(text: string): string[] {
  const ids = new Set<string>();
  for (const match of text.matchAll(REFERENCE)) {
    const { target } = splitLabel(match[1] ?? '');
    if (target.startsWith('@') && target.length > 1) ids.add(target.slice(1));
  }
  return [...ids];
}

function special(target: string, label: string | undefined): string {
  const [kind, id] = target.slice(1).split('^');
  if (kind === 'here' || kind === 'channel' || kind === 'everyone') return `@${kind}`;
  if (kind === 'subteam') return label ?? `@${id ?? 'subteam'}`;
  if (kind === 'date') return label ?? '';
  return label ?? target.slice(1);
}

function reference(inner: string, names: Map<string, string>): string {
  const { target, label } = splitLabel(inner);
  if (target.startsWith('@')) return `@${names.get(target.slice(1)) ?? label ?? target.slice(1)}`;
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  if (target.startsWith('!')) return special(target, label);
  if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
  // A link: keep the address beside a label that differs from it, so nothing the person wrote is lost.
  if (label === undefined || label === target) return target;
  return `${label} (${target})`;
}

/** Slack text → plain text with names for user mentions; entities decoded last, labels included. */
export function decodeSlackTextWith(text: string, names: Map<string, string>): string {
  return decodeHTML(text.replace(REFERENCE, (_all, inner: string) => reference(inner, names)));
}

export async function decodeSlackText(text: string, userNames: UserNames): Promise<string> {
  const ids = mentionedUserIds(text);
  const names = ids.length > 0 ? await userNames(ids) : new Map<string, string>();
  return decodeSlackTextWith(text, names);
}
