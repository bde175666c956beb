/**
 * Bolt wiring: one listener per kind of Slack request, each acknowledging first (except modal
 * submissions, whose validation must be in the ack) and handing parsed payloads to our handlers.
 */
import { LogLevel, type App, type BoltLogger } from './sdk.js';
import type { Logger } from 'pino';
import { t } from '../../src/core/i18n.js';
import type { Locale } from '../../src/core/model.js';
import { handleConcernButton, submitConcernView } from './concern-actions.js';
import { handleEvent } from './events.js';
import { answerText, offeredDraft, openIntake, startConcern, submitIntakeView, type ViewAck } from './intake.js';
import { INTAKE_CALLBACK_ID, MODAL_INPUT_BLOCK, modalActionOf } from './forms.js';
import { TARGET_EVENTS, parseBlockAction, parseCommand, parseEvent, parseViewSubmission, type SlackButton } from './parse.js';
import { firstDelivery, genericFailure, tell, textForPeople, textMessage, whoIs, type SlackRuntime } from './runtime.js';
import { slackText } from './strings.js';

/** Bolt logs request bodies at debug level; our logs never carry message text, so debug is dropped. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const line = (parts: unknown[]) =>
    parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : `[${typeof p}]`)).join(' ');
  let level = LogLevel.INFO;
  return {
    debug: () => {},
    info: (...msg) => child.info(line(msg)),
    warn: (...msg) => child.warn(line(msg)),
    error: (...msg) => child.error(line(msg)),
    setLevel: (l) => {
      level = l === LogLevel.DEBUG ? LogLevel.INFO : l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

async function onIntakeOpen(rt: SlackRuntime, button: SlackButton): Promise<void> {
  const { identity, locale } = await whoIs(rt, button.user);
  const to = { userId: button.user.userId, channelId: button.channelId };
  if (!identity) return tell(rt, to, rt.core.unknownUser(locale));
  if (!identity.isReporter) return tell(rt, to, textMessage(t(locale, 'error.notReporter')));
  const draft = await offeredDraft(rt, button.value);
  if (!draft) return tell(rt, to, textMessage(slackText(locale, 'offer.expired')));
  try {
    await openIntake(rt, button.triggerId, identity, draft.text, draft.filesOffered);
  } catch (error) {
    rt.logger.error({ err: error, platform: 'slack' }, 'views.open for intake failed');
    await tell(rt, to, genericFailure(locale));
  }
}

/** When our own code fails before the ack, the modal stays open with a message on a field. */
function failureAck(locale: Locale, blockId: string): ViewAck {
  return { response_action: 'errors', errors: { [blockId]: slackText(locale, 'failure.generic') } };
}

export function registerListeners(app: App, rt: SlackRuntime): void {
  app.error(async (error) => {
    rt.logger.error({ err: error, platform: 'slack' }, 'unhandled error in a Slack listener');
  });

  app.command(/^\/.+/, async ({ ack, body }) => {
    await ack();
    const command = parseCommand(body);
    if (command.kind === 'unsupported') return;
    if (!(await firstDelivery(rt, `slack:trigger:${command.triggerId}`, 600))) return;
    const person = await whoIs(rt, command.user);
    const text = await textForPeople(rt, command.text);
    const channel = {
      triggerId: command.triggerId,
      answer: (m: Parameters<typeof tell>[2]) => tell(rt, { userId: command.user.userId, channelId: command.channelId }, m),
    };
    // A bare /bekymring opens the empty form rather than the help text.
    if (text === '' && person.identity) await startConcern(rt, person.identity, '', channel);
    else await answerText(rt, person, text, channel);
  });

  app.action({ type: 'block_actions' }, async ({ ack, body }) => {
    await ack();
    const button = parseBlockAction(body);
    if (button.kind === 'unsupported') return;
    if (!(await firstDelivery(rt, `slack:trigger:${button.triggerId}`, 600))) return;
    if (button.actionId === 'intake.open') await onIntakeOpen(rt, button);
    else if (button.actionId.startsWith('concern.')) await handleConcernButton(rt, button);
  });

  app.view({ type: 'view_submission' }, async ({ ack, body }) => {
    const submission = parseViewSubmission(body);
    if (submission.kind === 'unsupported') return ack();
    if (submission.callbackId === INTAKE_CALLBACK_ID) {
      let response: ViewAck;
      try {
        response = await submitIntakeView(rt, submission);
      } catch (error) {
        rt.logger.error({ err: error, platform: 'slack' }, 'intake submission failed');
        response = failureAck(rt.defaultLocale, 'description');
      }
      return ack(response);
    }
    const action = modalActionOf(submission.callbackId);
    if (!action) return ack();
    let outcome: Awaited<ReturnType<typeof submitConcernView>>;
    try {
      outcome = await submitConcernView(rt, submission);
    } catch (error) {
      rt.logger.error({ err: error, platform: 'slack', action }, 'concern modal submission failed');
      return ack(failureAck(rt.defaultLocale, MODAL_INPUT_BLOCK[action]));
    }
    await ack(outcome.ack);
    await outcome.after?.();
  });

  for (const type of ['message', 'app_mention', 'app_home_opened', ...TARGET_EVENTS] as const) {
    app.event(type, async ({ body }) => {
      const event = parseEvent(body);
      if (event.kind !== 'unsupported') await handleEvent(rt, event);
    });
  }
}
