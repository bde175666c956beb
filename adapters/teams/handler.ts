/**
 * The Teams activity handler (botbuilder): hands each activity, as plain JSON, to the SDK-free turn
 * logic and carries out what it decided: in-turn replies, the invoke response, replacing a card.
 */
import { TeamsActivityHandler, TurnContext, type Activity, type InvokeResponse } from 'botbuilder';
import type { Logger } from 'pino';
import { errorReply } from './cards.js';
import type { TurnLogic, TurnOutcome } from './connector.js';

class BrobyggerTeamsBot extends TeamsActivityHandler {
  constructor(
    private readonly logic: TurnLogic,
    private readonly logger: Logger,
  ) {
    super();
    // Handlers here do not call next(): the SDK's default Teams dispatch (e.g. fetching member
    // details for membersAdded) is not needed and would call the connector for nothing.
    this.onMessage(async (context) => {
      await this.perform(context, await this.decide(context));
    });
    this.onConversationUpdate(async (context) => {
      await this.perform(context, await this.decide(context));
    });
    this.onInstallationUpdate(async (context) => {
      await this.perform(context, await this.decide(context));
    });
  }

  /** Every invoke gets a real response body, whatever the logic or the SDK below it does. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    let outcome: TurnOutcome;
    try {
      outcome = await this.decide(context);
    } catch (err) {
      this.logger.error({ component: 'teams', err, invoke: context.activity.name }, 'Teams invoke failed');
      const body = errorReply(500, 'InternalError', 'Brobygger could not handle this action');
      return { status: body.statusCode, body };
    }
    try {
      await this.perform(context, outcome);
    } catch (err) {
      // What was decided is done; only an extra message got lost. The invoke still gets its answer.
      this.logger.warn({ component: 'teams', err }, 'could not send a reply during an invoke');
    }
    const body = outcome.invoke ?? errorReply(400, 'NotSupported', 'This action is not supported');
    return { status: body.statusCode, body };
  }

  private decide(context: TurnContext): Promise<TurnOutcome> {
    const reference = JSON.parse(JSON.stringify(TurnContext.getConversationReference(context.activity))) as Record<string, unknown>;
    return this.logic.onActivity(JSON.parse(JSON.stringify(context.activity)), reference);
  }

  private async perform(context: TurnContext, outcome: TurnOutcome): Promise<void> {
    if (outcome.replaceClicked && context.activity.replyToId) {
      try {
        await context.updateActivity({ ...outcome.replaceClicked, id: context.activity.replyToId } as Partial<Activity>);
      } catch (err) {
        // The new card still arrives as a reply below; an old card left in place is not fatal.
        this.logger.warn({ component: 'teams', err }, 'could not replace the clicked card');
        outcome.replies.unshift(outcome.replaceClicked);
      }
    }
    if (outcome.replies.length > 0) await context.sendActivities(outcome.replies as Partial<Activity>[]);
  }
}

export function createTeamsBot(logic: TurnLogic, logger: Logger): { run(context: TurnContext): Promise<void> } {
  const bot = new BrobyggerTeamsBot(logic, logger);
  return { run: (context) => bot.run(context) };
}
