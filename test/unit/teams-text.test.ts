/** Teams' HTML message text → what the person typed, without the bot's own mention. */
import { describe, expect, it } from 'vitest';
import { textWithoutBotMention } from '../../adapters/teams/parse.js';
import { teamsTextForPeople } from '../../adapters/teams/text.js';

describe('Teams text for people', () => {
  it.each([
    ['<p>Mor &amp; søn sover i kælderen, drengen er &lt;3 år</p>', 'Mor & søn sover i kælderen, drengen er <3 år'],
    ['Mor &amp; søn&nbsp;&nbsp;i&nbsp;kælderen', 'Mor & søn i kælderen'],
    ['<div>Linje 1<br>Linje 2</div>', 'Linje 1\nLinje 2'],
    ['<p>Første afsnit</p><p>Andet afsnit</p>', 'Første afsnit\nAndet afsnit'],
    ['<p><strong>Fed</strong> og <em>kursiv</em></p>', 'Fed og kursiv'],
    ['se <a href="https://kommune.dk/x">formularen</a>', 'se formularen [https://kommune.dk/x]'],
    ['<p>Billede:</p><img src="https://x/y.png" alt="foto">', 'Billede:'],
    ['Mor & søn <3 år', 'Mor & søn <3 år'],
    ['ren tekst uden mærker', 'ren tekst uden mærker'],
    ['&quot;citat&quot; &#248; &#x00E6;', '"citat" ø æ'],
  ])('decodes %s', (html, typed) => {
    expect(teamsTextForPeople(html)).toBe(typed);
  });

  const bot = { id: '28:bot-id', name: 'Brobygger' };
  it('removes the mention of the bot but keeps other people mentioned, by name', () => {
    const raw = {
      text: '<at>Brobygger</at> status for <at>Mette Kristensen</at>&nbsp;tak',
      recipient: bot,
      entities: [
        { type: 'mention', text: '<at>Brobygger</at>', mentioned: { id: '28:bot-id', name: 'Brobygger' } },
        { type: 'mention', text: '<at>Mette Kristensen</at>', mentioned: { id: '29:mette', name: 'Mette Kristensen' } },
      ],
    };
    expect(textWithoutBotMention(raw)).toBe('status for Mette Kristensen tak');
  });

  it('removes a mention whose display name differs from the bot name (recorded traffic 10)', () => {
    const raw = {
      text: '<at>My Combined</at>1\n',
      recipient: { id: '28:bot-id', name: 'Other name' },
      entities: [{ type: 'mention', text: '<at>My Combined</at>', mentioned: { id: '28:bot-id', name: 'My Combined' } }],
    };
    expect(textWithoutBotMention(raw)).toBe('1');
  });
});
