/**
 * The service's three public pages: GET / names the bot and links GET /privacy and GET /terms,
 * which the Teams app package lists as its privacy and terms URLs (Teams requires both:
 * https://learn.microsoft.com/microsoftteams/platform/resources/schema/manifest-schema#developer).
 * Texts come from the directory's optional `pages` (da and en) or the defaults below. The
 * language is `?lang=da|en`, else the municipality's.
 */
import type { Express, Request } from 'express';
import type { Directory } from '../core/directory.js';

type Lang = 'da' | 'en';
type Localized = Record<Lang, string>;

export interface SiteTexts {
  /** The municipality's name: the bot runs on its behalf. */
  name: string;
  language: Lang;
  privacy?: Localized;
  terms?: Localized;
}

/** The optional page texts of a directory, for SiteTexts. */
export function siteTextsOf(directory: Directory): Pick<SiteTexts, 'privacy' | 'terms'> {
  return {
    ...(directory.pages?.privacy ? { privacy: directory.pages.privacy } : {}),
    ...(directory.pages?.terms ? { terms: directory.pages.terms } : {}),
  };
}

const DEFAULT_PRIVACY: Localized = {
  da:
    'Brobygger er en chatbot i Slack og Microsoft Teams, som {name} bruger til at modtage henvendelser fra boligsociale medarbejdere og viceværter. ' +
    'Vi gemmer det, du skriver i en henvendelse, hvem der oprettede og behandlede den, og hvornår. Personnumre (CPR) fjernes, før noget gemmes. ' +
    'Beskeder vises kun for de medarbejdere, henvendelsen er sendt til. Fritekst anonymiseres, når en lukket henvendelse har ligget i den fastsatte opbevaringsperiode; tal til statistik beholdes. ' +
    'Dataansvarlig er {name}. Spørgsmål om dine data og indsigt: kontakt kommunen.',
  en:
    'Brobygger is a chat bot in Slack and Microsoft Teams that {name} uses to receive concerns from housing-association staff and caretakers. ' +
    'We store what you write in a concern, who raised and handled it, and when. Danish personal ID numbers (CPR) are removed before anything is stored. ' +
    'Messages are shown only to the staff the concern is sent to. Free text is anonymised once a closed concern has been kept for the set retention period; figures for statistics are kept. ' +
    'The data controller is {name}. Questions about your data and access requests: contact the municipality.',
};

const DEFAULT_TERMS: Localized = {
  da:
    'Brobygger må bruges af de medarbejdere, {name} har givet adgang. Brug den til henvendelser om beboere og boligområder, ikke til akutte nødsituationer: ring 112. ' +
    'Bekymring for et barn skal også underrettes ad kommunens officielle vej. Tjenesten leveres, som den er, og kan være utilgængelig ved vedligehold.',
  en:
    'Brobygger may be used by the staff {name} has given access. Use it for concerns about residents and housing areas, not for emergencies: call 112. ' +
    "A concern about a child must also be reported through the municipality's official channel. The service is provided as is and may be unavailable during maintenance.",
};

const WORDS: Record<Lang, { privacy: string; terms: string; intro: string }> = {
  da: { privacy: 'Privatlivspolitik', terms: 'Vilkår for brug', intro: 'Brobygger er {name}s chatbot i Slack og Microsoft Teams.' },
  en: { privacy: 'Privacy policy', terms: 'Terms of use', intro: 'Brobygger is the chat bot of {name} in Slack and Microsoft Teams.' },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body>
${body}
</body></html>
`;
}

function langOf(req: Request, fallback: Lang): Lang {
  const asked = req.query.lang;
  return asked === 'da' || asked === 'en' ? asked : fallback;
}

/** Mounts GET /, /privacy and /terms on `app`. */
export function mountSite(app: Express, texts: SiteTexts): void {
  const fill = (text: string) => escapeHtml(text.replaceAll('{name}', texts.name));
  const paragraphs = (text: string) =>
    text
      .split(/\n\s*\n/)
      .map((p) => `<p>${fill(p.trim())}</p>`)
      .join('\n');

  app.get('/', (req, res) => {
    const lang = langOf(req, texts.language);
    const words = WORDS[lang];
    const other: Lang = lang === 'da' ? 'en' : 'da';
    res.type('html').send(
      page(
        lang,
        `Brobygger — ${texts.name}`,
        `<h1>Brobygger</h1>
<p>${fill(words.intro)}</p>
<ul><li><a href="privacy?lang=${lang}">${words.privacy}</a></li><li><a href="terms?lang=${lang}">${words.terms}</a></li></ul>
<p><a href="?lang=${other}">${other === 'da' ? 'Dansk' : 'English'}</a></p>`,
      ),
    );
  });
  for (const [path, own, fallback] of [
    ['privacy', texts.privacy, DEFAULT_PRIVACY],
    ['terms', texts.terms, DEFAULT_TERMS],
  ] as const) {
    app.get(`/${path}`, (req, res) => {
      const lang = langOf(req, texts.language);
      const title = WORDS[lang][path];
      res.type('html').send(page(lang, `${title} — Brobygger`, `<h1>${title}</h1>\n${paragraphs((own ?? fallback)[lang])}\n<p><a href="./?lang=${lang}">Brobygger</a></p>`));
    });
  }
}
