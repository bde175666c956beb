/**
 * Teams message text → what the person typed. Teams sends `text` as HTML even when `textFormat`
 * says "plain": `<p>`, `<br>`, `<at>Name</at>` for mentions, `&amp;`, `&lt;` and `&nbsp;`
 * (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations#receive-mentions
 * and .../format-your-bot-messages). html-to-text turns it into plain text with line breaks kept;
 * the bot's own mention is removed first. Adaptive Card input values arrive as typed and do not
 * go through here.
 */
import { convert } from 'html-to-text';

const OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'p', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
  ],
};

/** Plain text for people from Teams' HTML `text`, without the given mention markup (e.g. `<at>Bot</at>`). */
export function teamsTextForPeople(html: string, removeMentions: string[] = []): string {
  let text = html;
  for (const mention of removeMentions) if (mention) text = text.split(mention).join(' ');
  if (/[<&]/.test(text)) text = convert(text, OPTIONS);
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
