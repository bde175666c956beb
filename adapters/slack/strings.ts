/**
 * Sentences only the Slack adapter needs (modal chrome, the DM offer, App Home). Everything the
 * core already words (form labels, actions, errors) comes from src/core/i18n.ts.
 */
import { catalogue } from '../../src/core/catalogue.js';

const da = {
  'modal.close': 'Luk',
  'modal.submit': 'Send',
  'modal.save': 'Gem',
  'modal.sent.title': 'Sendt',
  'modal.withdraw.title': 'Træk tilbage',
  'offer.text': 'Vil du oprette en bekymring ud fra det, du skrev? Tryk på knappen, så åbner formularen udfyldt med din tekst.',
  'offer.summary': 'Opret en bekymring',
  'offer.expired': 'Den tekst, knappen hørte til, er ikke gemt længere. Skriv den igen, eller brug /bekymring.',
  'form.descriptionPart': 'Beskrivelse (fortsat, del {part} af {parts})',
  'home.title': 'Brobygger',
  'home.intro': 'Din direkte vej til kommunen, når du er bekymret for en beboer eller et område. Ved akut fare: ring 112.',
  'home.status': 'Overblik',
  'reassign.noTeams': 'Der er ingen andre teams, bekymringen kan flyttes til.',
  'failure.generic': 'Noget gik galt hos Brobygger. Prøv igen om lidt.',
} as const;

export type SlackStringKey = keyof typeof da;

const en: Record<SlackStringKey, string> = {
  'modal.close': 'Close',
  'modal.submit': 'Send',
  'modal.save': 'Save',
  'modal.sent.title': 'Sent',
  'modal.withdraw.title': 'Withdraw',
  'offer.text': 'Do you want to raise a concern from what you wrote? Press the button and the form opens filled in with your text.',
  'offer.summary': 'Raise a concern',
  'offer.expired': 'The text this button belonged to is no longer kept. Write it again, or use /bekymring.',
  'form.descriptionPart': 'Description (continued, part {part} of {parts})',
  'home.title': 'Brobygger',
  'home.intro': 'Your direct way in to the municipality when you are worried about a resident or an area. In acute danger: call 112.',
  'home.status': 'Overview',
  'reassign.noTeams': 'There are no other teams the concern can be moved to.',
  'failure.generic': 'Something went wrong in Brobygger. Please try again in a moment.',
};

/** A Slack-only sentence in the person's language. */
export const slackText = catalogue<SlackStringKey>({ da, en });
