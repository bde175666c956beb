/**
 * What adapters may ask of the core. Adapters translate platform payloads into these calls and
 * render the NeutralMessages they get back; they never decide who may do what.
 */
import type { Identity, PlatformUser } from './identity.js';
import type { NeutralMessage } from './messages.js';
import type { Category, Concern, Locale, Platform, Urgency } from './model.js';

export interface Choice {
  value: string;
  label: string;
}

export interface IntakeChoices {
  categories: Choice[];
  urgencies: Choice[];
  departments: Choice[];
  residentKnows: Choice[];
}

/** What the intake form is pre-filled with, from the reporter's first free text. */
export interface IntakePrefill {
  category: Category | null;
  urgency: Urgency;
  description: string;
  /** True when a CPR number was removed from the text; `notice` says so to the writer. */
  redacted: boolean;
  notice: NeutralMessage | null;
}

export const INTAKE_FIELDS = [
  'category',
  'departmentId',
  'address',
  'urgency',
  'description',
  'residentKnows',
  /** eviction_risk only, optional: the date of the rent demand (påkrav), YYYY-MM-DD. */
  'rentDemandDate',
] as const;
export type IntakeField = (typeof INTAKE_FIELDS)[number];

export type IntakeResult =
  | { kind: 'created' | 'duplicate'; concern: Concern; reply: NeutralMessage }
  | { kind: 'invalid'; fieldErrors: Partial<Record<IntakeField, string>> }
  | { kind: 'refused'; reply: NeutralMessage };

export type ConcernAction =
  /** `note`: an optional short message relayed to the reporter with the acknowledgement. */
  | { type: 'ack'; note?: string }
  | { type: 'reply'; text: string }
  | { type: 'note'; text: string }
  | { type: 'reassign'; teamId: string; reason?: string }
  /** `outcome`: one of OUTCOMES (model.ts); `message`: optional words for the reporter. */
  | { type: 'resolve'; outcome: string; message?: string }
  | { type: 'withdraw'; reason?: string }
  | { type: 'add_info'; text: string }
  /** Responder → reporter question; the concern is `waiting` until the answer. */
  | { type: 'ask'; text: string }
  /** Reporter → team answer to the open question. */
  | { type: 'answer'; text: string }
  /** Reporter: back to `open` with the same team, within municipality.reopenWithinDays. */
  | { type: 'reopen'; reason: string }
  /** Reporter: did the resolution help? */
  | { type: 'feedback'; helpful: boolean; comment?: string }
  /** Reporter: offered a file or picture, which is never forwarded; the concern records the offer. */
  | { type: 'file_offered' };
export type ConcernActionType = ConcernAction['type'];

export type ActionResult =
  | {
      ok: true;
      /** Feedback for the person who acted (ephemeral / invoke response text). */
      reply: NeutralMessage;
      concern: Concern;
      /** The team card as it now is, to show in place of the one clicked. */
      card: NeutralMessage;
      /** True when nothing changed because it had already happened (a repeated click). */
      repeated: boolean;
    }
  | {
      ok: false;
      code: 'forbidden' | 'not_found' | 'invalid' | 'conflict';
      reply: NeutralMessage;
      /** For text inputs: what to show on the field. */
      fieldError?: string;
    };

export type TextIntent =
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'digest'; week: 'this' | 'last' }
  | { kind: 'concern'; text: string };

export interface BrobyggerCore {
  identify(user: PlatformUser): Identity | null;
  /** For users the directory does not know: who may use the bot and whom to ask. */
  unknownUser(locale: Locale): NeutralMessage;
  help(identity: Identity): NeutralMessage;
  interpretText(text: string): TextIntent;
  intakeChoices(identity: Identity): IntakeChoices;
  prefill(identity: Identity, text: string): IntakePrefill;
  /** Validates and records a concern; the same dedupeKey twice gives one concern. */
  submitIntake(identity: Identity, form: Record<string, unknown>, dedupeKey?: string): Promise<IntakeResult>;
  act(identity: Identity, concernId: string, action: ConcernAction): Promise<ActionResult>;
  /** Teams this person may move the concern to. */
  reassignChoices(identity: Identity, concernId: string): Promise<Choice[]>;
  /** "status"/"mine": the reporter's association's concerns, or the responder's team queue. */
  status(identity: Identity): Promise<NeutralMessage>;
  /**
   * "digest"/"ugerapport": the weekly report for the scopes this person manages, or a polite
   * refusal. `chart: false` leaves the chart images out where they cannot be shown (an ephemeral
   * Slack answer), which saves drawing them; `chart: 'link'` gives them as links under PUBLIC_URL
   * (the Slack App Home shows pictures by URL only), or leaves them out without PUBLIC_URL.
   */
  digest(identity: Identity, week: 'this' | 'last', options?: { chart?: boolean | 'link' }): Promise<NeutralMessage>;
  getConcern(identity: Identity, concernId: string): Promise<Concern | null>;
  teamCard(concern: Concern): Promise<NeutralMessage>;
  /**
   * A reporter's free text in the bot chat while a question waits for them: the answer when
   * exactly one of their concerns is `waiting` (or the text starts with one's reference); a
   * prompt to choose when several are; null when none is (the text means something else).
   */
  answerFromChat(identity: Identity, text: string): Promise<ActionResult | null>;
  /**
   * The reporter offered a file (a photo in the bot chat) that is not part of a new concern's
   * form: recorded as `file_offered` on their most recent concern that is still active (open,
   * acknowledged, waiting) and raised on the same platform, whose team card then shows it.
   * Returns that concern's ref, or null when they have none (nothing is recorded).
   */
  fileOffered(identity: Identity): Promise<{ ref: string } | null>;
  /** Keeps an adapter's conversation reference so the person can be reached later. */
  rememberConversation(platform: Platform, userId: string, ref: Record<string, unknown>): Promise<void>;
  /**
   * The platform signalled that a delivery target may work again (the bot was invited to a
   * channel, a channel was unarchived, the app was added to a team): deliveries waiting for an
   * administrator on that platform are tried again at once.
   */
  deliveryTargetChanged(platform: Platform): Promise<void>;
}
