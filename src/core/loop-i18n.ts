/**
 * The sentences of the conversation after intake (issue 16): questions and answers, outcomes,
 * "did it help?" and reopening, in Danish (default) and English. Kept apart from i18n.ts so the
 * shared catalogue only gains the state and button labels. Placeholders look like {name}.
 */
import { OUTCOMES, type Locale, type Outcome } from './model.js';

const da = {
  'outcome.action_taken': 'Der er handlet',
  'outcome.referred': 'Henvist til anden instans',
  'outcome.already_known': 'Allerede kendt af kommunen',
  'outcome.no_action_needed': 'Ingen indsats nødvendig',
  'outcome.declined': 'Afvist',
  'outcome.not_reachable': 'Borgeren kunne ikke træffes',
  'outcome.other': 'Andet',
  'outcomeSentence.action_taken': 'Kommunen har handlet på din henvendelse.',
  'outcomeSentence.referred': 'Sagen er sendt videre til den instans, der kan hjælpe.',
  'outcomeSentence.already_known': 'Kommunen kendte allerede til situationen og følger den.',
  'outcomeSentence.no_action_needed': 'Kommunen vurderer, at der ikke er brug for en indsats.',
  'outcomeSentence.declined': 'Kommunen har valgt ikke at gå videre med sagen.',
  'outcomeSentence.not_reachable': 'Kommunen har ikke kunnet komme i kontakt med borgeren.',
  'outcomeSentence.other': 'Sagen er afsluttet.',

  'form.ack.note': 'Besked til viceværten (valgfri)',
  'form.ack.placeholder': 'F.eks. »Vi kigger på det i dag«',
  'form.ask.title': 'Spørg anmelderen',
  'form.ask.label': 'Dit spørgsmål',
  'form.answer.title': 'Svar på spørgsmål',
  'form.answer.label': 'Dit svar',
  'form.reopen.title': 'Genåbn bekymring',
  'form.reopen.reason': 'Hvorfor er problemet ikke løst?',
  'form.resolve.outcomeChoice': 'Udfald',
  'form.resolve.message': 'Besked til anmelderen (valgfri)',
  'form.feedback.comment': 'Kommentar (valgfri)',

  'card.waiting': 'Venter på svar fra viceværten siden {when}',
  'card.question': 'Spørgsmål fra {name}: {text}',
  'card.reopened': 'Genåbnet af anmelderen {when}: {reason}',
  'card.outcome': '{label}',
  'card.feedback.yes': 'Anmelderen: det hjalp',
  'card.feedback.no': 'Anmelderen: det hjalp ikke',

  'reporter.ackNote': 'Besked fra {name}:',
  'reporter.asked': '{name} ({org}) fra {team} har et spørgsmål om din bekymring {ref}:',
  'reporter.askReminder': 'Påmindelse: {team} venter stadig på dit svar om {ref}:',
  'reporter.resolvedOutcome': 'Din bekymring {ref} er afsluttet af {name} fra {team}. {sentence}',
  'reporter.resolvedMessage': 'Besked fra {team}:',
  'reporter.feedbackAsk': 'Hjalp det?',
  'feedback.yes': 'Ja, det hjalp',
  'feedback.no': 'Nej',

  'team.answered': 'Svar på spørgsmålet om {ref} fra {name} ({org}):',
  'team.reopened': '{ref} er genåbnet af {name} ({org}). Begrundelse:',
  'team.feedback.yes': '{name} ({org}) siger, at afslutningen af {ref} hjalp.',
  'team.feedback.no': '{name} ({org}) siger, at afslutningen af {ref} ikke hjalp.',

  'ack.noteSent': 'Din besked er sendt til {name}.',
  'ask.done': 'Dit spørgsmål er sendt til {name} ({org}). {ref} venter nu på svar.',
  'answer.done': 'Dit svar er sendt til {team}.',
  'answer.already': 'Dit svar på {ref} er allerede sendt.',
  'answer.none': 'Der er intet åbent spørgsmål på {ref}. Brug »Tilføj oplysninger« for at sende mere.',
  'answer.choose': 'Flere af dine bekymringer venter på dit svar ({refs}). Brug knappen »Svar« under spørgsmålet, eller begynd din besked med referencen, f.eks. »{ref}: …«.',
  'reopen.done': '{ref} er genåbnet og sendt til {team} igen.',
  'reopen.notResolved': '{ref} er ikke afsluttet, så den kan ikke genåbnes.',
  'reopen.late': 'Fristen for at genåbne {ref} udløb {when}. Opret i stedet en ny bekymring; den er udfyldt med den gamle.',
  'feedback.thanks': 'Tak for din tilbagemelding på {ref}.',
  'feedback.thanksNo': 'Tak for din tilbagemelding på {ref}. Er problemet ikke løst, kan du genåbne bekymringen indtil {until}.',
  'feedback.already': 'Din tilbagemelding på {ref} er allerede registreret.',
  'feedback.notResolved': '{ref} er ikke afsluttet endnu; du kan give tilbagemelding, når den er.',
  'error.outcome': 'Vælg et udfald.',
  'error.waitingNotOpen': '{ref} er {state}, så der kan ikke stilles spørgsmål.',
  'digest.loop': 'Udfald og tilbagemeldinger',
  'digest.reopenRate': 'Genåbnet: {rate} ({reopened} af {resolved} afsluttede)',
  'digest.helpful': 'Anmelderen sagde, det hjalp: {share} (n = {n})',
  'digest.waiting': 'Median tid i venten på anmelderens svar: {median} (n = {n})',
} as const;

export type LoopKey = keyof typeof da;

const en: Record<LoopKey, string> = {
  'outcome.action_taken': 'Action taken',
  'outcome.referred': 'Referred elsewhere',
  'outcome.already_known': 'Already known to the municipality',
  'outcome.no_action_needed': 'No action needed',
  'outcome.declined': 'Declined',
  'outcome.not_reachable': 'Resident could not be reached',
  'outcome.other': 'Other',
  'outcomeSentence.action_taken': 'The municipality has acted on it.',
  'outcomeSentence.referred': 'It has been passed on to the service that can help.',
  'outcomeSentence.already_known': 'The municipality already knew about the situation and is following it.',
  'outcomeSentence.no_action_needed': 'The municipality found that no action is needed.',
  'outcomeSentence.declined': 'The municipality decided not to take it further.',
  'outcomeSentence.not_reachable': 'The municipality could not get in touch with the resident.',
  'outcomeSentence.other': 'The case is closed.',

  'form.ack.note': 'Message to the caretaker (optional)',
  'form.ack.placeholder': 'E.g. "We are looking at it today"',
  'form.ask.title': 'Ask the reporter',
  'form.ask.label': 'Your question',
  'form.answer.title': 'Answer the question',
  'form.answer.label': 'Your answer',
  'form.reopen.title': 'Reopen concern',
  'form.reopen.reason': 'Why is the problem not solved?',
  'form.resolve.outcomeChoice': 'Outcome',
  'form.resolve.message': 'Message to the reporter (optional)',
  'form.feedback.comment': 'Comment (optional)',

  'card.waiting': "Waiting for the caretaker's answer since {when}",
  'card.question': 'Question from {name}: {text}',
  'card.reopened': 'Reopened by the reporter {when}: {reason}',
  'card.outcome': '{label}',
  'card.feedback.yes': 'Reporter: it helped',
  'card.feedback.no': 'Reporter: it did not help',

  'reporter.ackNote': 'Message from {name}:',
  'reporter.asked': '{name} ({org}) of {team} has a question about your concern {ref}:',
  'reporter.askReminder': 'Reminder: {team} is still waiting for your answer about {ref}:',
  'reporter.resolvedOutcome': 'Your concern {ref} was resolved by {name} of {team}. {sentence}',
  'reporter.resolvedMessage': 'Message from {team}:',
  'reporter.feedbackAsk': 'Did it help?',
  'feedback.yes': 'Yes, it helped',
  'feedback.no': 'No',

  'team.answered': 'Answer to the question about {ref} from {name} ({org}):',
  'team.reopened': '{ref} was reopened by {name} ({org}). Reason:',
  'team.feedback.yes': '{name} ({org}) says the resolution of {ref} helped.',
  'team.feedback.no': '{name} ({org}) says the resolution of {ref} did not help.',

  'ack.noteSent': 'Your message was sent to {name}.',
  'ask.done': 'Your question was sent to {name} ({org}). {ref} is now waiting for the answer.',
  'answer.done': 'Your answer was sent to {team}.',
  'answer.already': 'Your answer on {ref} was already sent.',
  'answer.none': 'There is no open question on {ref}. Use "Add information" to send more.',
  'answer.choose': 'Several of your concerns are waiting for your answer ({refs}). Use the "Answer" button under the question, or start your message with the reference, e.g. "{ref}: …".',
  'reopen.done': '{ref} is reopened and sent to {team} again.',
  'reopen.notResolved': '{ref} is not resolved, so it cannot be reopened.',
  'reopen.late': 'The time to reopen {ref} ended {when}. Please raise a new concern instead; it is pre-filled from the old one.',
  'feedback.thanks': 'Thank you for your feedback on {ref}.',
  'feedback.thanksNo': 'Thank you for your feedback on {ref}. If the problem is not solved, you can reopen the concern until {until}.',
  'feedback.already': 'Your feedback on {ref} is already recorded.',
  'feedback.notResolved': '{ref} is not resolved yet; you can give feedback once it is.',
  'error.outcome': 'Choose an outcome.',
  'error.waitingNotOpen': '{ref} is {state}, so no question can be asked.',
  'digest.loop': 'Outcomes and feedback',
  'digest.reopenRate': 'Reopened: {rate} ({reopened} of {resolved} resolved)',
  'digest.helpful': 'Reporter said it helped: {share} (n = {n})',
  'digest.waiting': "Median time waiting for the reporter's answer: {median} (n = {n})",
};

const catalogues: Record<Locale, Record<LoopKey, string>> = { da, en };

/** The loop sentence `key` in `locale`, placeholders filled from `params`. */
export function tl(locale: Locale, key: LoopKey, params: Record<string, string | number> = {}): string {
  return catalogues[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Short label of an outcome id (forms, cards, reports); an unknown id (old free text) as it is. */
export function outcomeLabel(locale: Locale, outcome: string): string {
  const key = `outcome.${outcome}`;
  return key in da ? tl(locale, key as LoopKey) : outcome;
}

/** What the reporter is told about an outcome, in plain words. */
export function outcomeSentence(locale: Locale, outcome: Outcome | string): string {
  const key = `outcomeSentence.${outcome}`;
  return key in da ? tl(locale, key as LoopKey) : tl(locale, 'outcomeSentence.other');
}

/** The resolve form's required choice: option values are the outcome ids (DESIGN.md). */
export function outcomeChoices(locale: Locale): { value: Outcome; label: string }[] {
  return OUTCOMES.map((value) => ({ value, label: outcomeLabel(locale, value) }));
}

/** True for keys of this catalogue (forms mix them with i18n.ts keys). */
export const isLoopKey = (key: string): key is LoopKey => key in da;
