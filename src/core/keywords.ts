/**
 * Keyword tables for suggesting a category and urgency from a reporter's free text (Danish and
 * English). Tune here; the matcher lives in classification.ts.
 *
 * Pattern language, matched against lower-cased words (hyphens split words):
 *   word          the exact word
 *   stem*         any word starting with "stem" — survives Danish inflection (hjemløs, hjemløse)
 *   *part*        any word containing "part" — Danish compounds put the head last (huslejerestance)
 *   a|b           either alternative, in one word position
 *   ..            up to four other words in between (word order and fillers vary)
 * A rule matches when any of its patterns does, unless a negation word (ikke, ingen, not, no…)
 * is one of the two words before it, or one of its `except` patterns matches one word before or
 * at it.
 */
import type { Category, Urgency } from './model.js';

export interface KeywordRule {
  /** Signal name reported to the caller; also says why a suggestion was made. */
  id: string;
  patterns: readonly string[];
  weights?: Partial<Record<Category, number>>;
  urgency?: Urgency;
  /** Only count the urgency when this category also scored from other rules. */
  urgencyOnlyWith?: Category;
  /** A child is mentioned (subject) or something that puts a child at risk (risk). */
  child?: 'subject' | 'risk';
  /** Words that mean something else in the other language ("fire" is four in Danish). */
  lang?: 'da' | 'en';
  except?: readonly string[];
  /** Negation words before the match do not cancel it (the phrase itself is about absence). */
  ignoreNegation?: boolean;
}

/** Added to child_at_risk when a child and a risk to it are both mentioned: it beats the rest. */
export const CHILD_AT_RISK_BONUS = 10;

/** Words that cancel the keyword right after them ("ikke voldelig", "no weapon"). */
export const NEGATIONS: readonly string[] = [
  'ikke', 'ikk', 'ingen', 'intet', 'aldrig', 'uden', 'not', 'no', 'never', 'without', '*n\'t',
];

/** Frequent words that tell Danish from English, for the few rules bound to one language. */
export const LANGUAGE_HINTS: Readonly<Record<'da' | 'en', readonly string[]>> = {
  da: ['og', 'er', 'på', 'har', 'en', 'et', 'det', 'der', 'ikke', 'hun', 'han', 'med', 'til', 'af', 'som',
    'jeg', 'vi', 'sig', 'hans', 'hendes', 'fra', 'eller', 'meget', 'kan', 'vil', 'skal', 'være', 'ude'],
  en: ['the', 'is', 'and', 'a', 'an', 'of', 'has', 'have', 'he', 'she', 'in', 'on', 'with', 'to', 'not',
    'it', 'they', 'we', 'from', 'his', 'there', 'this', 'that', 'was', 'been', 'can', 'will', 'are'],
};

const SOON = 'i|om|på|næste|next|this|tomorrow|imorgen|in';

export const KEYWORD_RULES: readonly KeywordRule[] = [
  // ---------------------------------------------------------------- acute danger
  {
    id: 'suicide',
    urgency: 'acute',
    // Talk of suicide is full of negations ("har ikke lyst til at leve"); a false alarm is cheap.
    ignoreNegation: true,
    weights: { mental_health: 4 },
    patterns: [
      '*selvmord*', 'selvmordstru*', 'suicid*',
      'tage|tager|tog|ende|ender|endte sit|hendes|hans|deres|mit|dit liv|livet', 'tage|tager|tog|ende|ender|endte sit|mit|dit eget liv',
      'tage|tager|tog livet', 'gøre|gør en ende på',
      'vil|ville|vil|gerne|ønsker dø', 'vil|ville ikke leve', 'ikke vil|ville leve', 'ikke .. lyst til at leve', 'ikke .. leve mere|længere',
      'intet|ikke noget at leve for', 'nothing to live for',
      'skade|skader sig selv', 'selvskad*',
      'kill|killing|kills himself|herself|themselves|myself', 'take|taking|took|end|ending|ended his|her|their|my life', 'take|taking|took|end|ending|ended his|her|their|my own life',
      'end|ending|ends it all', 'want|wants|wanted to die', 'self harm*', 'harm|harming himself|herself',
    ],
  },
  {
    id: 'weapon',
    urgency: 'acute',
    patterns: [
      'kniv*', '*kniv|*knive|*kniven', 'våben*', '*våben', 'pistol*', 'gevær*', 'økse|øksen', 'machete*', 'hammer|hammeren|kølle|køller|jernstang|baseballbat*',
      'skyder|skyde|skudt|skud|skuddene|skød',
      'knife|knives', 'weapon*', 'gun|guns|gunshot*|gunfire', 'rifle*', 'axe', 'baseball bat|bats', 'crowbar*', 'shooting|shot|shoot|shoots', 'stab*',
    ],
  },
  {
    id: 'fire',
    urgency: 'acute',
    patterns: [
      'brand|branden|brande|brandfare|brandvæsen*|brandbil*|brandstift*|ildebrand*|*brand|*branden',
      'brandalarm*|røgalarm* går|hyler|lyder|bimler', 'brænde .. af|ned', 'det ryger|oser|osede', 'oser|osede',
      'ild|ilden|ildspå*', 'røg|røgen|røgudvikling*|røglugt*|*røg', 'brænder|brændte|brændende',
      'flames', 'burning', 'arson*', 'on fire', 'smoke from|coming|pouring|everywhere', 'of|with|see|saw|thick|black smoke',
      'smoky',
    ],
    // "røg" is also the past tense of "ryge" (han røg ud); tobacco smoke is a nuisance, not a fire.
    except: ['han|hun|de|den|det|som|jeg|vi|du røg', 'røg ud|ind', '*tobaksrøg*|*cigaretrøg*|*hashrøg*|*cigarrøg*'],
  },
  // In Danish "fire" is four.
  {
    id: 'fire',
    urgency: 'acute',
    lang: 'en',
    patterns: ['fire|fires'],
    except: ['fire alarm|alarms test*|drill*|check*|battery|batteries|inspection*|beep*'],
  },
  {
    id: 'gas',
    urgency: 'acute',
    patterns: ['gaslugt*|gasudslip*|gaslæk*', 'lugter|lugt|lugten af gas', 'smell* of gas', 'gas leak*'],
  },
  {
    id: 'violence',
    urgency: 'acute',
    // No category: violence at home, between neighbours or by youths is routed by the other words.
    child: 'risk',
    patterns: [
      'vold|volden|voldelig*|voldtæg*|voldsud*|*vold', 'slår|slog|slået|slås|slåskamp*', 'tæsk*|tæver|tævede',
      'overfald*', 'sparker|sparkede|sparket', 'kvæler|kvalte|kvalt',
      'banker|bankede|slå ham|hende|konen|kæresten|børnene|barnet|sin|mig',
      'violen*', 'assault*', 'hit|hits|hitting', 'beat|beats|beating|beaten',
      'punch*', 'kick|kicks|kicking|kicked', 'strangl*', 'choke|choked|choking',
    ],
    except: ['slår|slog op', 'kick|kicks|kicked out'],
  },
  {
    id: 'emergency_call',
    urgency: 'acute',
    patterns: ['112', 'ambulance*', 'alarmcentral*', 'call|ring|ringe|ringet|ringede 911|999'],
  },
  {
    id: 'unconscious',
    urgency: 'acute',
    except: ['reagerer ikke .. breve*|henvendelse*|post*|opkald*|beskeder|sms*|mail*|rykker*'],
    patterns: [
      'bevidstløs*', 'livløs*', 'trækker ikke vejret', 'vågner ikke', 'kan ikke vække|vækkes', 'faldet|falden .. ligger', 'kan ikke komme op',
      'reagerer ikke', 'faldet om', 'besvimet', 'overdosis', 'unconscious', 'not breathing', 'unresponsive', 'lifeless',
      'won\'t|doesn\'t wake', 'collapsed', 'passed out', 'lying .. not responding|moving', 'lying .. unresponsive', 'fallen .. floor|ground', 'can\'t|cannot get up', 'overdos*',
    ],
  },
  {
    id: 'bleeding',
    urgency: 'acute',
    patterns: ['bløder|blødte|blødning*', 'blod|blodet|*blod', 'bleed*', 'blood|bloodied|bloodstain*|bloodstained'],
  },

  // ---------------------------------------------------------------- worrying, not acute
  {
    id: 'not_seen',
    urgency: 'high',
    ignoreNegation: true,
    weights: { elderly_selfneglect: 1 },
    patterns: [
      'ikke set|hørt .. dag|dage|dagen|uge|uger|ugen|døgn|måned*|længe|tid', 'ingen har set|hørt', 'forsvundet', 'savnet',
      'ikke været ude|udenfor .. dag|dage|uge|uger|måned*|længe', 'fluer|spyfluer .. vindue*|ruden|ruderne',
      'haven\'t|hasn\'t|not seen|heard .. day|days|week|weeks|month*|while|ages', 'nobody|no one has seen|heard',
      'missing', 'flies .. window*', 'not been out|outside .. days|weeks|months|ages|long',
    ],
  },
  {
    id: 'no_answer',
    urgency: 'high',
    ignoreNegation: true,
    weights: { elderly_selfneglect: 1 },
    patterns: [
      'åbner|lukker ikke .. døren|op', 'åbner ikke', 'ikke åbnet|åbnede|åbne|lukket|lukke .. døren|op',
      'svarer ikke .. døren|telefon*|ringer', 'post|posten|breve|aviser|aviserne .. hober|ophobes|stables|flyder|hænger',
      'postkassen .. fuld|propfuld|flyder',
      'doesn\'t|don\'t|won\'t|isn\'t|hasn\'t|haven\'t|hadn\'t|not open|opened|opening|answer|answers|answered|answering'
        + ' .. door|phone|knock*',
      'mail|post|letters .. piling|piled|pile', 'mailbox .. full|overflowing',
    ],
  },
  {
    id: 'threat',
    urgency: 'high',
    weights: { neighbour_conflict: 1 },
    patterns: ['truer|truet|truede|trussel|trusler|truende', 'threat*'],
  },
  { id: 'fear', urgency: 'high', patterns: ['bange|angst for', 'scared|frightened|terrified'] },
  {
    id: 'police',
    urgency: 'high',
    patterns: ['politi*', 'police', '114'],
  },
  {
    id: 'screaming',
    urgency: 'high',
    child: 'risk',
    patterns: ['skrig|skriger|skreg|skrigende', 'scream*'],
  },

  // ---------------------------------------------------------------- children
  {
    id: 'child',
    urgency: 'normal',
    weights: { child_at_risk: 1 },
    child: 'subject',
    patterns: [
      'barn|barnet|barnets|*barn|*barnet', 'børn|børnene|børnenes|*børn|*børnene', 'baby|babyen|babies',
      'spædbarn*', 'dreng|drengen|pige|pigen|lillebror|lillesøster', 'datter|datteren|søn|sønnen|sønner',
      'child|children|childs|child\'s|kid|kids|toddler*|infant*|son|daughter|boy|girl',
    ],
  },
  {
    id: 'child_neglect',
    urgency: 'high',
    weights: { child_at_risk: 4 },
    child: 'risk',
    patterns: ['omsorgssvigt*', 'underretning*', 'vanrøgt*', 'neglect|neglected|neglecting', 'child protection'],
  },
  {
    id: 'child_alone',
    urgency: 'high',
    urgencyOnlyWith: 'child_at_risk',
    child: 'risk',
    patterns: [
      'alene', 'passer sig selv', 'efterladt|efterladte', 'ingen|uden opsyn|voksne',
      'alone|unsupervised', 'left .. alone|behind', 'by themselves|himself|herself',
    ],
  },
  {
    id: 'child_basic_needs',
    urgency: 'high',
    urgencyOnlyWith: 'child_at_risk',
    child: 'risk',
    patterns: [
      'ingen|ikke|uden .. mad|madpakke|aftensmad|morgenmad', 'sult*', 'beskidt*|snavset*|uvasket',
      'mistriv*',
      'græder|græd|grædende', 'ikke i skole*|børnehave*|institution*', 'pjækker', 'for tynd*', 'blå mærker',
      'no|without .. food', 'hungry|starving', 'dirty|unwashed', 'cry|cries|crying', 'not in school', 'bruise*',
    ],
  },

  // ---------------------------------------------------------------- homelessness and eviction
  {
    id: 'homeless',
    urgency: 'normal',
    weights: { homelessness: 4 },
    patterns: [
      '*hjemløs*', 'bostedsløs*', 'sofasurf*', 'herberg*', 'forsorgshjem*', 'natcafé*', 'sovepose*',
      'homeless*', 'rough sleep*', 'sleeping|sleeps rough', 'sleeping bag*', 'shelter', 'couch surf*', 'nowhere to live|sleep|stay',
    ],
  },
  {
    id: 'sleeping_rough',
    urgency: 'normal',
    weights: { homelessness: 3 },
    patterns: [
      'sover|sov|sovet|sove|overnatter|overnattet .. kælder*|*kælder*|opgang*|*opgang*|trappe*|*trappe*|pulterrum*|'
        + 'vaskeri*|bil|bilen|gade|gaden|bænk*|udenfor|ude|skur*|*skur|garage*|gangen|cykelrum*|fællesrum*|depotrum*',
      'bor|boet|bo|lever .. kælder*|*kælder*|pulterrum*|bilen|skur*|*skur|gaden',
      'ingen steder at bo|sove|være', 'ingen bolig*|adresse', 'på gaden',
      'sleep|sleeps|sleeping|slept|living|lives|staying .. basement*|cellar*|stairwell*|staircase*|stairs|street*|'
        + 'car|bench*|shed|doorway*|outside|garage*|laundry|bike|hallway',
      'no fixed address', 'on the street*',
    ],
  },
  {
    id: 'eviction',
    urgency: 'normal',
    weights: { eviction_risk: 4 },
    patterns: [
      '*udsættelse*', 'udsættes', 'sat|sættes ud', 'fogedforretning*', 'foged|fogeden|fogedretten|*fogedsag*',
      '*restance*', 'ophævelse*|ophævet|opsigelse*|opsagt', 'ikke betalt|betale .. husleje*|*huslejen', 'skylder .. husleje*',
      'evict*', 'bailiff*', 'rent arrears', 'arrears', 'behind .. rent', 'unpaid|owes|owe|owing .. rent', 'notice to quit',
      'kicked out', 'lease .. terminated', 'not paid .. rent',
    ],
  },
  {
    id: 'rent',
    weights: { eviction_risk: 1 },
    patterns: ['husleje*|*huslejen'],
  },
  // In Danish "rent" is clean.
  { id: 'rent', weights: { eviction_risk: 1 }, lang: 'en', patterns: ['rent|rental'] },
  {
    id: 'eviction_soon',
    urgency: 'high',
    urgencyOnlyWith: 'eviction_risk',
    patterns: [
      `${SOON} morgen|mandag|tirsdag|onsdag|torsdag|fredag|weekenden|uge|ugen|dag`, 'om .. dage|uger', 'imorgen',
      'snart|straks',
      'mandag|tirsdag|onsdag|torsdag|fredag', 'tomorrow|tonight', 'next|this week',
      'monday|tuesday|wednesday|thursday|friday', 'in .. days', 'soon',
    ],
  },

  // ---------------------------------------------------------------- mental health
  {
    id: 'mental_distress',
    urgency: 'normal',
    weights: { mental_health: 3 },
    patterns: [
      'psykisk*|psykiatri*|psykose*|psykotisk*|psykiater*', 'skizofren*|paranoi*|depressi*|deprimeret|angst*|manisk*',
      'hører stemmer', 'forfulgt|forfølgelse*', 'nogen|folk er efter ham|hende|mig', 'spionerer|overvåger|aflytter', 'mistrivsel', 'selvskade*', 'cutter', 'sindslid*',
      'mental*', 'psychiatr*|psychos*|psychotic|schizophren*|paranoi*|depress*|anxi*|bipolar',
      'hear|hears|hearing voices', 'breakdown', 'distress*', 'spying|spies', 'being followed|watched',
    ],
  },
  {
    id: 'confused',
    weights: { mental_health: 1, elderly_selfneglect: 1 },
    patterns: [
      'forvirret|forvirring|desorienteret', 'ensom*|isoleret', 'har det .. skidt|dårligt|svært', 'confus*|disorient*',
      'lonely|isolated', 'struggling',
    ],
  },

  // ---------------------------------------------------------------- substance use
  {
    id: 'substances',
    urgency: 'normal',
    weights: { substance_use: 3 },
    child: 'risk',
    patterns: [
      'stoffer|stofferne|*misbrug*|narko*|hash|joint*|kokain*|heroin*|amfetamin*|ecstasy|kanyle*|sprøjte*',
      'alkohol*|druk*|beruset|berusede|stangstiv|sprut', 'drikker|drak',
      // "Fuld" is also "full" (postkassen er fuld): only when said of a person.
      'han|hun|de|moren|mor|faren|far|forældrene|manden|kvinden|naboen|beboeren|lejeren .. fuld|fulde',
      'fuld|fulde mand|kvinde|folk|mennesker|personer|beboer*|nabo*', 'pusher|pushere|pusherne|dealer*',
      'drug|drugs|narcotic*|cannabis|weed|cocaine|heroin|needle*|syringe*|alcohol*|drunk|intoxicated|addict*',
      'drinking|drinks', 'dealers', 'substance*',
    ],
    except: ['drikker|drinks|drinking ikke|vand|water|kaffe|coffee'],
  },
  {
    id: 'intoxicated',
    weights: { substance_use: 1 },
    child: 'risk',
    patterns: ['påvirket|påvirkede', 'piller', 'pills', 'high on'],
  },

  // ---------------------------------------------------------------- youth
  {
    id: 'youth',
    weights: { youth: 3 },
    patterns: [
      'unge|ungerne|ungernes|ungdom*|*ungdom*', 'teenage*|teens', 'drenge|drengene', 'bande|bander|banden|bandemedlem*',
      'knallert*|scooter*', 'youth*|youngsters|young people|teenagers', 'moped*', 'hænger ud', 'hang|hanging around|out',
    ],
  },
  { id: 'youth', weights: { youth: 3 }, lang: 'en', patterns: ['gang|gangs'] },
  {
    id: 'vandalism',
    weights: { youth: 2, neighbour_conflict: 1 },
    patterns: [
      'hærværk*', 'graffiti|tagging', 'fyrværkeri*|kanonslag', 'stenkast*', 'kaster .. sten', 'smadr*',
      'vandal*', 'firework*|firecracker*', 'throw* .. stones|rocks', 'smash*', 'broke|broken .. windows|door|lamp*',
    ],
  },

  // ---------------------------------------------------------------- elderly and self-neglect
  {
    id: 'elderly',
    urgency: 'normal',
    weights: { elderly_selfneglect: 3 },
    patterns: [
      'ældre|ældrebolig*|ældrepleje*', 'gammel|gamle dame|mand|kvinde|herre', 'pensionist*', 'dement*|demens*|alzheimer*',
      'hjemmepleje*|hjemmehjælp*', 'glemsom*', 'elderly', 'old|older|aged man|woman|lady|gentleman|couple', 'pensioner*',
      'dementia|demented', 'home care|help', 'senior*',
    ],
  },
  {
    id: 'self_neglect',
    urgency: 'normal',
    weights: { elderly_selfneglect: 3 },
    patterns: [
      'selvforsøm*', 'messie*', 'samler på', 'samlemani', 'rod|roderi|rodet', 'fyldt|propfyldt .. ting|skrald|affald|aviser',
      'ikke .. spist|spiser', 'tager ikke .. medicin', 'self neglect*', 'hoard*', 'clutter*', 'filthy', 'not eating',
    ],
  },
  {
    id: 'smell',
    urgency: 'low',
    weights: { elderly_selfneglect: 1, neighbour_conflict: 0.5 },
    patterns: ['lugt|lugten|lugter|lugtede|*lugt', 'stank|stanken|stinker', 'smell*|stink*|stench'],
    except: ['lugt|lugten|lugter|lugtede af røg|brand|gas', 'smell|smells|smelled|smelling of smoke|gas|burning'],
  },
  {
    id: 'rubbish',
    urgency: 'low',
    weights: { elderly_selfneglect: 0.5, neighbour_conflict: 1.5 },
    patterns: [
      'skrald*|*skrald|affald*|*affald', 'rotte|rotter|rotterne|mus|kakerlak*|skadedyr|fluer',
      'rubbish|garbage|trash|litter', 'rat|rats|mice|cockroach*|vermin|pests|flies',
    ],
  },

  // ---------------------------------------------------------------- neighbours
  {
    id: 'neighbour',
    weights: { neighbour_conflict: 2 },
    patterns: [
      'nabo|naboen|naboer|naboerne|*nabo|*naboen|*naboer|*naboerne|naboklage*|nabostrid*', 'underbo*|overbo*|genbo*',
      'neighbour*|neighbor*',
    ],
  },
  {
    id: 'noise',
    urgency: 'low',
    weights: { neighbour_conflict: 2 },
    patterns: [
      'støj*|*støj', 'larm|larmer|larmen|larmede|larmende|musiklarm|festlarm', 'høj musik', 'musik .. nat*|højt',
      'fester|fest|festen', 'hund|hunden|hunde|hundene .. gør|gøer|gøede|glammer', 'noise*|noisy|loud', 'music', 'party|parties|partying', 'barking',
    ],
  },
  {
    id: 'conflict',
    urgency: 'normal',
    weights: { neighbour_conflict: 2 },
    patterns: [
      'konflikt*|skænderi*|skændes|uenighed*|chikane*|chikanerer|mobber|mobning',
      'råber|råbte', 'conflict*|dispute*|argu*|harass*|bully*', 'shouting|yelling|shouts',
    ],
  },
  {
    id: 'smoking_nuisance',
    urgency: 'low',
    weights: { neighbour_conflict: 2 },
    patterns: [
      '*tobaksrøg*|*cigaretrøg*|*cigarrøg*|røggener', 'ryger|ryge|ryges på|i altanen|opgangen|trappen|vinduet',
      'cigarette|tobacco smoke', 'smoking on|in the balcony|stairwell|stairs',
    ],
  },
  // A complaint says little about urgency: the complained-about thing decides.
  { id: 'complaint', weights: { neighbour_conflict: 1 }, patterns: ['klage*|klager|klagede', 'complain*'] },

  // ---------------------------------------------------------------- integration and new residents
  {
    id: 'integration',
    urgency: 'normal',
    ignoreNegation: true,
    weights: { integration: 3 },
    patterns: [
      '*flygtning*', 'asyl*', 'tolk|tolke|tolken|tolkning|tolkebistand', 'sprog*|*sprog', 'opholdstilladelse*', 'integration*',
      'familiesammenført*', 'nyankomn*|nyankommen*', 'forstår|taler|kan ikke dansk', 'ikke .. dansk', 'dårligt dansk', 'ny|nye i danmark', 'kommet|ankommet til danmark',
      'refugee*', 'asylum', 'interpret*', 'translat*', 'language*', 'residence permit*', 'integrat*', 'newcomer*',
      'newly arrived', 'new to denmark', 'arrived|came|come to denmark', 'speak|speaks|understand|understands .. danish|english',
    ],
  },
  {
    id: 'new_residents',
    weights: { integration: 1 },
    patterns: ['ny|nye beboer|beboere|lejer|lejere|familie', 'nyindflyt*|indflyt*|flyttet ind', 'new resident*|tenant*|family', 'moved in'],
  },
];
