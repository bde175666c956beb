import { describe, expect, it } from 'vitest';
import { foldForSearch, mentionsAll, searchWords } from '../../src/core/search-fold.js';

describe('privacy search matching', () => {
  it('ignores case and accents, and spells out æ, ø and ß', () => {
    expect(foldForSearch('SØREN Ærø Åse José Müller Straße')).toBe('soren aero ase jose muller strasse');
    expect(foldForSearch('Ｊｅｎｓ\u00AD Hansen')).toBe('jens hansen');
  });
  it('needs every word, in any order and any of the texts', () => {
    const texts = ['Søren Ærbø sover i kælderen', 'Blok 7, opgang 3'];
    expect(mentionsAll(searchWords('soren AERBO'), texts)).toBe(true);
    expect(mentionsAll(searchWords('kaelderen opgang'), texts)).toBe(true);
    expect(mentionsAll(searchWords('søren jensen'), texts)).toBe(false);
    expect(mentionsAll(searchWords('   '), texts)).toBe(false);
  });
  it('finds words written with other accents the same way', () => {
    expect(mentionsAll(searchWords('jose'), ['José Álvarez'])).toBe(true);
    expect(mentionsAll(searchWords('JOSÉ álvarez'), ['jose alvarez'])).toBe(true);
  });
});
