import { describe, it, expect } from 'vitest';
import { classify, detectLanguage, tokenize } from '../../src/core/classification.js';
import type { Category, Urgency } from '../../src/core/model.js';

type Case = [text: string, category: Category | null, urgency: Urgency];

const danish: Case[] = [
  ['En mand sover i kælderen i blok 12', 'homelessness', 'normal'],
  ['Der har overnattet en ung kvinde i cykelkælderen de sidste tre nætter', 'homelessness', 'normal'],
  ['Jeg tror beboeren i nr. 4 er blevet hjemløs, han har sovet i opgangen med en sovepose', 'homelessness', 'normal'],
  ['To hjemløse har sovet på trappen i opgang C', 'homelessness', 'normal'],
  ['Familien har fået brev om fogedforretning, de har en stor huslejerestance', 'eviction_risk', 'normal'],
  ['Beboeren skal udsættes på mandag, fogeden kommer kl. 9', 'eviction_risk', 'high'],
  ['Hun har ikke betalt husleje i tre måneder og er bange for at blive sat ud', 'eviction_risk', 'high'],
  ['Hun siger hun vil tage sit liv', 'mental_health', 'acute'],
  ['Beboeren har selvmordstanker og har givet sine ting væk', 'mental_health', 'acute'],
  ['Manden truer med at tage sit liv, han står på altanen', 'mental_health', 'acute'],
  ['Hun hører stemmer og tror, naboerne aflytter hende. Hun virker meget forvirret', 'mental_health', 'normal'],
  ['Der er en mand med en kniv i opgangen, ring 112', null, 'acute'],
  ['Det brænder i kælderrummet og der kommer røg ud under døren', null, 'acute'],
  ['Hun ligger bevidstløs på gulvet i vaskeriet', null, 'acute'],
  ['Der lugter voldsomt fra lejligheden og posten hober sig op, den ældre dame åbner ikke', 'elderly_selfneglect', 'high'],
  ['Vi har ikke set hende i en uge, og hun plejer at gå tur hver dag', 'elderly_selfneglect', 'high'],
  ['Den gamle mand på 3. sal er blevet dement og går rundt i opgangen om natten', 'elderly_selfneglect', 'normal'],
  ['Lejligheden er propfyldt med aviser og skrald, og der er rotter', 'elderly_selfneglect', 'normal'],
  ['Der står skraldeposer på trappen, og det lugter i hele opgangen', 'neighbour_conflict', 'low'],
  ['Børnene går alene rundt i gården til langt ud på aftenen', 'child_at_risk', 'high'],
  ['Der er ingen mad til børnene, og moren er fuld hver dag', 'child_at_risk', 'high'],
  ['Jeg har set faren slå barnet i opgangen', 'child_at_risk', 'acute'],
  ['Den lille dreng i nr. 7 kommer ikke i skole og ser beskidt ud', 'child_at_risk', 'high'],
  ['Jeg er bekymret for omsorgssvigt af babyen i stuelejligheden', 'child_at_risk', 'high'],
  ['Der er en gruppe unge på knallert, der laver hærværk ved legepladsen', 'youth', 'normal'],
  ['Drengene hænger ud i opgangen og kaster sten efter bilerne', 'youth', 'normal'],
  ['Der bliver solgt hash og stoffer fra kælderen hver aften', 'substance_use', 'normal'],
  ['Han er fuld hver dag og drikker på bænken foran blokken', 'substance_use', 'normal'],
  ['Naboen larmer hver nat med høj musik', 'neighbour_conflict', 'low'],
  ['Der er konflikt mellem to naboer om vaskeriet, og de råber ad hinanden', 'neighbour_conflict', 'normal'],
  ['Naboen truer ham hver gang de mødes på trappen', 'neighbour_conflict', 'high'],
  ['En ny familie er flygtning fra Syrien, de taler ikke dansk og har brug for en tolk', 'integration', 'normal'],
  ['De nye beboere forstår ikke brevene fra kommunen på grund af sproget', 'integration', 'normal'],
  ['Beboeren i 2. tv. har ikke åbnet døren i flere dage, og der hænger aviser i døren', 'elderly_selfneglect', 'high'],
  ['Hun har ikke været ude af lejligheden i måneder, og der er fluer i vinduet', 'elderly_selfneglect', 'high'],
  ['Der ligger en mand på græsplænen og reagerer ikke', null, 'acute'],
  ['Hans kone siger, at han slår hende', null, 'acute'],
  ['Nogle drenge har sat ild til containeren bag blok 2', 'youth', 'acute'],
  ['Familien er netop kommet til Danmark og ved ikke, hvordan man bestiller tid hos lægen', 'integration', 'normal'],
  ['Brandalarmen bipper, batteriet skal skiftes', null, 'normal'],
  ['Kan ikke leve med larmen fra naboen længere', 'neighbour_conflict', 'low'],
  ['Postkassen er fuld, og den gamle dame åbner ikke', 'elderly_selfneglect', 'high'],
  ['Der ryger nogen hash i opgangen om aftenen', 'substance_use', 'normal'],
  ['Det lugter af cigaretrøg i hele opgangen', 'neighbour_conflict', 'low'],
  ['Jeg har et spørgsmål om vinduerne i blok 4', null, 'normal'],
];

const english: Case[] = [
  ['a man is sleeping in the basement of building 12', 'homelessness', 'normal'],
  ['There is a homeless woman living in the bike shed', 'homelessness', 'normal'],
  ['The family has rent arrears and got an eviction notice', 'eviction_risk', 'normal'],
  ['Eviction next week, the tenant has nowhere to go', 'eviction_risk', 'high'],
  ['She says she wants to kill herself', 'mental_health', 'acute'],
  ['He is hearing voices and seems paranoid about the neighbours', 'mental_health', 'normal'],
  ['There is a fire in the stairwell, call 112', null, 'acute'],
  ['A man is waving a knife outside block 3', null, 'acute'],
  ['He is unconscious and bleeding on the stairs', null, 'acute'],
  ['We haven\'t seen the old lady for a week and her mail is piling up', 'elderly_selfneglect', 'high'],
  ['The elderly man with dementia is hoarding rubbish in his flat', 'elderly_selfneglect', 'normal'],
  ['Someone keeps leaving rubbish bags in the stairwell and there are rats', 'neighbour_conflict', 'low'],
  ['The kids are left alone at night and seem hungry', 'child_at_risk', 'high'],
  ['I think the toddler on the ground floor is being neglected', 'child_at_risk', 'high'],
  ['A group of teenagers on mopeds keep setting off fireworks in the courtyard', 'youth', 'normal'],
  ['People are dealing drugs in the basement and there are needles on the stairs', 'substance_use', 'normal'],
  ['The neighbour plays loud music every night', 'neighbour_conflict', 'low'],
  ['Two neighbours keep arguing about the laundry room and one threatened the other', 'neighbour_conflict', 'high'],
  ['A newly arrived refugee family needs an interpreter, they do not speak Danish', 'integration', 'normal'],
  ['His father hits him and the boy is scared to go home', 'child_at_risk', 'acute'],
  ['The resident is behind on rent and the bailiff is coming on Monday', 'eviction_risk', 'high'],
  ['There is a strong smell of gas in the stairwell', null, 'acute'],
  ['The old man in 4B hasn\'t opened his door for days and there\'s a smell', 'elderly_selfneglect', 'high'],
  ['Residents complain about the dog barking all day', 'neighbour_conflict', 'low'],
  ['He keeps talking about people spying on him through the walls', 'mental_health', 'normal'],
  ['There is a fire alarm test tomorrow', null, 'normal'],
  ['Can you tell me when the windows will be replaced?', null, 'normal'],
];

describe('classify: Danish', () => {
  it.each(danish)('%s → %s / %s', (text, category, urgency) => {
    const result = classify(text);
    expect({ category: result.category, urgency: result.urgency }).toEqual({ category, urgency });
    expect(result.acute).toBe(urgency === 'acute');
  });
});

describe('classify: English', () => {
  it.each(english)('%s → %s / %s', (text, category, urgency) => {
    const result = classify(text);
    expect({ category: result.category, urgency: result.urgency }).toEqual({ category, urgency });
    expect(result.acute).toBe(urgency === 'acute');
  });
});

describe('classify: matching details', () => {
  it('survives Danish inflection and compounds', () => {
    for (const text of ['Han er hjemløs', 'De hjemløse i kælderen', 'Hjemløsheden i området vokser']) {
      expect(classify(text).category).toBe('homelessness');
    }
    expect(classify('Stor huslejerestance').category).toBe('eviction_risk');
    expect(classify('Han taler om selvmordet').urgency).toBe('acute');
  });

  it('reports the signals behind a suggestion', () => {
    const result = classify('Der er en mand med en kniv, og han truer naboen');
    expect(result.signals).toEqual(expect.arrayContaining(['weapon', 'threat', 'neighbour']));
    expect(classify('Jeg har et spørgsmål om vinduerne').signals).toEqual([]);
  });

  it('does not read "voldsomt" as violence or "fire" (four) as a fire in Danish', () => {
    expect(classify('Der lugter voldsomt i opgangen').urgency).toBe('low');
    expect(classify('Der bor fire børn i lejligheden').acute).toBe(false);
  });

  it('lets a negation cancel a keyword', () => {
    expect(classify('Han er ikke voldelig, men han larmer meget').urgency).toBe('low');
    expect(classify('There is no weapon involved, just noise').acute).toBe(false);
  });

  it('keeps suicide acute even when the sentence is full of negations', () => {
    expect(classify('Hun siger at hun ikke har lyst til at leve mere').urgency).toBe('acute');
  });

  it('only raises eviction urgency for a near date when there is an eviction', () => {
    expect(classify('Kan vi tale om larmen i næste uge?').urgency).toBe('low');
  });

  it('prefers the child when a child is at risk, even among other signals', () => {
    expect(classify('Moren er hjemløs og sover i bilen med barnet, barnet er sultent').category).toBe('child_at_risk');
    expect(classify('Familien med børn skal udsættes').category).toBe('eviction_risk');
  });

  it('returns null and normal urgency for empty text', () => {
    expect(classify('')).toEqual({ category: null, urgency: 'normal', acute: false, signals: [] });
  });
});

describe('classify: the edges of a match', () => {
  it('allows up to four words in a gap, not five', () => {
    expect(classify('he has fallen a b c d floor')).toMatchObject({ urgency: 'acute', signals: ['unconscious'] });
    expect(classify('he has fallen a b c d e floor')).toMatchObject({ urgency: 'normal', signals: [] });
  });

  it('lets a negation reach two words back, not three', () => {
    expect(classify('she is homeless').signals).toEqual(['homeless']);
    expect(classify('she is not homeless').signals).toEqual([]);
    expect(classify('she is not really homeless').signals).toEqual([]);
    expect(classify('she is not really very homeless').signals).toEqual(['homeless']);
  });

  it('drops a match that an exception covers at the word or one word before it', () => {
    expect(classify('Der er røg i opgangen')).toMatchObject({ acute: true, signals: ['fire'] });
    expect(classify('han røg ud af lejligheden')).toMatchObject({ acute: false, signals: [] });
    expect(classify('røg ind i opgangen')).toMatchObject({ acute: false, signals: [] });
  });

  it('applies a language-bound rule only when the text is clearly in that language', () => {
    expect(classify('there are gangs in the yard')).toMatchObject({ category: 'youth', signals: ['youth'] });
    expect(classify('der er gangs i gården')).toMatchObject({ category: null, signals: [] });
    expect(classify('gangs')).toMatchObject({ category: null, signals: [] });
  });

  it('gives a tie to the category where a missed concern costs more', () => {
    // Neighbour (2) and noise (2) against homeless (4): homelessness comes first.
    expect(classify('loud music and the neighbour is homeless')).toMatchObject({ category: 'homelessness', urgency: 'normal' });
    expect(classify('After the eviction she is homeless').category).toBe('homelessness');
    // A higher score wins over priority: youth (3) over a mentioned child (1).
    expect(classify('a child and a teenager').category).toBe('youth');
  });

  it('takes the highest urgency of the rules that matched', () => {
    expect(classify('loud music').urgency).toBe('low');
    expect(classify('loud music and she is scared')).toMatchObject({ urgency: 'high', acute: false });
    expect(classify('fire and loud music')).toMatchObject({ urgency: 'acute', acute: true, category: 'neighbour_conflict' });
    expect(classify('she is scared of the fire')).toMatchObject({ urgency: 'acute', category: null, signals: ['fire', 'fear'] });
  });

  it('raises the urgency of a child at risk only when a child is mentioned', () => {
    expect(classify('he was left alone')).toEqual({ category: null, urgency: 'normal', acute: false, signals: [] });
    expect(classify('he is hungry').signals).toEqual([]);
    expect(classify('the child was left alone')).toEqual({ category: 'child_at_risk', urgency: 'high', acute: false, signals: ['child', 'child_alone'] });
    expect(classify('the child is hungry and dirty and neglected').signals).toEqual(['child', 'child_neglect', 'child_basic_needs']);
  });
});

describe('words and language', () => {
  it('lower-cases, joins apostrophes of every kind, strips quotes around words and composes accents', () => {
    expect(tokenize("Han’s  'ord' DON´T ÆBLE-træ 12b ''  ‘x‘ `y` e\u0301")).toEqual(["han's", 'ord', "don't", 'æble', 'træ', '12b', 'x', 'y', 'é']);
    expect(tokenize('  ,.;  ')).toEqual([]);
  });

  it('names a language only when its words outnumber the other', () => {
    expect(detectLanguage(['og', 'er', 'the'])).toBe('da');
    expect(detectLanguage(['the', 'is', 'og'])).toBe('en');
    expect(detectLanguage(['og', 'the'])).toBeNull();
    expect(detectLanguage([])).toBeNull();
  });
});
