/** Sentences only the Teams adapter says (the core's catalogue is src/core/i18n.ts). */
import { catalogue } from '../../src/core/catalogue.js';

const da = {
  personalOnly:
    'Skriv til mig i en personlig chat for at oprette en bekymring, så oplysninger om beboere ikke deles i kanalen. Her i kanalen kan du skrive "hjælp".',
  alreadyHandled: 'Det klik er allerede modtaget.',
  failed: 'Noget gik galt hos Brobygger. Prøv igen om lidt.',
  formErrors: 'Ret de markerede felter og send igen.',
  unknownButton: 'Den knap kender jeg ikke længere. Skriv "hjælp" for at komme videre.',
  notFound: 'Bekymringen findes ikke, eller du har ikke adgang til den.',
  cancelled: 'Annulleret.',
  shortened: 'forkortet: {shown} af {total} tegn vises her, for Teams viser højst 28 KB i én besked – hele teksten er gemt hos Brobygger',
} as const;

export type TeamsStringKey = keyof typeof da;

const en: Record<TeamsStringKey, string> = {
  personalOnly:
    'Write to me in a personal chat to raise a concern, so details about residents are not shared in the channel. Here in the channel you can write "help".',
  alreadyHandled: 'That click was already received.',
  failed: 'Something went wrong in Brobygger. Please try again shortly.',
  formErrors: 'Please correct the marked fields and send again.',
  unknownButton: 'I no longer recognise that button. Write "help" to carry on.',
  notFound: 'The concern does not exist, or you do not have access to it.',
  cancelled: 'Cancelled.',
  shortened: 'shortened: {shown} of {total} characters shown here, as Teams shows at most 28 KB in one message – the whole text is kept by Brobygger',
};

/** A Teams-only sentence in the person's language. */
export const teamsText = catalogue<TeamsStringKey>({ da, en });
