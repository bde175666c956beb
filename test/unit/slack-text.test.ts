/** Slack's escaped text and references → what the person typed, with names for user mentions. */
import { describe, expect, it } from 'vitest';
import { decodeSlackText, mentionedUserIds } from '../../adapters/slack/text.js';

const names = async (ids: string[]) => new Map(ids.filter((id) => id === 'U0JENS0001').map((id) => [id, 'Jens Pedersen']));
const decode = (text: string) => decodeSlackText(text, names);

describe('Slack text for people', () => {
  it.each([
    ['Mor &amp; søn sover i kælderen, drengen er &lt;3 år', 'Mor & søn sover i kælderen, drengen er <3 år'],
    ['a &gt; b &amp;&amp; c', 'a > b && c'],
    ['skrev &amp;amp; bogstaveligt', 'skrev &amp; bogstaveligt'],
    ['&amp;copy er ikke ©', '&copy er ikke ©'],
  ])('decodes the three escapes: %s', async (raw, typed) => {
    expect(await decode(raw)).toBe(typed);
  });

  it.each([
    ['Spørg <@U0JENS0001> om det', 'Spørg @Jens Pedersen om det'],
    ['Spørg <@U0OTHER001|karen> om det', 'Spørg @karen om det'],
    ['Spørg <@U0OTHER001> om det', 'Spørg @U0OTHER001 om det'],
    ['Se <#C0GENERAL1|generelt>', 'Se #generelt'],
    ['Se <#C0GENERAL1>', 'Se #C0GENERAL1'],
    ['<https://kommune.dk/underretning>', 'https://kommune.dk/underretning'],
    ['<https://kommune.dk/a?b=1&amp;c=2|formularen>', 'formularen (https://kommune.dk/a?b=1&c=2)'],
    ['<https://kommune.dk|https://kommune.dk>', 'https://kommune.dk'],
    ['Skriv til <mailto:vagt@kommune.dk|vagt@kommune.dk>', 'Skriv til vagt@kommune.dk'],
    ['<mailto:vagt@kommune.dk>', 'vagt@kommune.dk'],
    ['<!here> og <!channel> og <!everyone>', '@here og @channel og @everyone'],
    ['<!subteam^S0VAGT0001|@vagten> se her', '@vagten se her'],
    ['<!subteam^S0VAGT0001> se her', '@S0VAGT0001 se her'],
    ['Mødet <!date^1392734382^{date_short}|13. feb 2014> kl. 9', 'Mødet 13. feb 2014 kl. 9'],
    ['Link <https://x.dk|Mor &amp; søn>', 'Link Mor & søn (https://x.dk)'],
  ])('turns references into plain text: %s', async (raw, typed) => {
    expect(await decode(raw)).toBe(typed);
  });

  it('lists each mentioned user once, for one users.info look-up each', () => {
    expect(mentionedUserIds('<@U1> <@U2|b> <@U1> <#C1> <!here>')).toEqual(['U1', 'U2']);
  });

  it('leaves text without references alone', async () => {
    expect(await decode('En mand sover i kælderen i blok 12')).toBe('En mand sover i kælderen i blok 12');
  });
});
