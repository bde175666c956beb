import { describe, expect, it } from 'vitest';
import { parseActivity, textWithoutBotMention } from '../../adapters/teams/parse.js';
import {
  DEFAULT_BOT_ID,
  channelMention,
  executeAction,
  personalInstall,
  personalMessage,
  submitAction,
  teamInstall,
} from '../support/teams-activities.js';

const base = {
  serviceUrl: 'http://127.0.0.1:9/amer/',
  tenantId: 'bce83cfb-4f56-4659-84e2-f1fe3cf41bf7',
  user: { aadObjectId: '3033cc50-64d9-402a-9710-196e4de65a07', name: 'Lars Jakobsen' },
};
const channel = '19:53d4a316a5b3ccb90db2cbf31643a48e@thread.tacv2';

describe('parsing Teams activities', () => {
  it('turns a personal message into text from a Teams user with tenant and locale', () => {
    const event = parseActivity(personalMessage({ ...base, text: '  En mand sover i kælderen  ', id: '1571691217375' }));
    expect(event).toMatchObject({
      kind: 'text',
      text: 'En mand sover i kælderen',
      context: {
        activityId: '1571691217375',
        scope: 'personal',
        serviceUrl: base.serviceUrl,
        tenantId: base.tenantId,
        botId: DEFAULT_BOT_ID,
        user: { platform: 'teams', userId: base.user.aadObjectId, name: 'Lars Jakobsen', tenantId: base.tenantId, locale: 'da-DK' },
      },
    });
  });

  it('reads the tenant from conversation.tenantId when channelData has none', () => {
    const activity = personalMessage({ ...base, text: 'hej' }) as Record<string, unknown>;
    delete activity.channelData;
    const event = parseActivity(activity);
    expect(event.kind === 'text' && event.context.tenantId).toBe(base.tenantId);
  });

  it('strips the @mention of the bot from a channel message', () => {
    const event = parseActivity(channelMention({ ...base, text: 'status', channelId: channel }));
    expect(event).toMatchObject({ kind: 'text', text: 'status', context: { scope: 'channel' } });
  });

  it('strips the mention exactly as in the recorded channel message', () => {
    const text = textWithoutBotMention({
      text: '<at>My Combined</at>1\n',
      recipient: { id: '28:eac5e5c6-ab14-4f50-80cb-49213fe51b1a' },
      entities: [{ type: 'mention', text: '<at>My Combined</at>', mentioned: { id: '28:eac5e5c6-ab14-4f50-80cb-49213fe51b1a', name: 'My Combined' } }],
    });
    expect(text).toBe('1');
  });

  it('turns an Action.Execute invoke into a card action with its data and the input values', () => {
    const event = parseActivity(
      executeAction({
        ...base,
        replyToId: '1:card',
        channelId: channel,
        data: { action: 'concern.reply', concernId: 'c-1', step: 'submit', text: 'Vi kigger forbi i morgen' },
      }),
    );
    expect(event).toMatchObject({
      kind: 'card_action',
      via: 'execute',
      data: { action: 'concern.reply', concernId: 'c-1', step: 'submit', inputs: { text: 'Vi kigger forbi i morgen' } },
      context: { scope: 'channel', replyToId: '1:card' },
    });
  });

  it('falls back to the verb when the data has no action', () => {
    const activity = executeAction({ ...base, replyToId: '1:card', data: { concernId: 'c-1' } });
    (activity.value.action as Record<string, unknown>).verb = 'concern.ack';
    expect(parseActivity(activity)).toMatchObject({ kind: 'card_action', data: { action: 'concern.ack', concernId: 'c-1' } });
  });

  it('turns an Action.Submit message into a card action', () => {
    const event = parseActivity(
      submitAction({ ...base, replyToId: '1:form', data: { action: 'intake.submit', formId: 'f-1', category: 'youth', address: 'Engparken 4' } }),
    );
    expect(event).toMatchObject({
      kind: 'card_action',
      via: 'submit',
      data: { action: 'intake.submit', formId: 'f-1', inputs: { category: 'youth', address: 'Engparken 4' } },
    });
  });

  it('says unsupported (and that it was an invoke) for a card action that is not ours', () => {
    // The recorded Action.Execute (fixture 14) carries {"feedback": …} and no verb.
    const activity = executeAction({ ...base, replyToId: '1767765488332', data: { feedback: 'test invokes' } });
    delete (activity.value.action as Record<string, unknown>).verb;
    expect(parseActivity(activity)).toMatchObject({ kind: 'unsupported', isInvoke: true });
    expect(parseActivity({ ...activity, name: 'composeExtension/query' })).toMatchObject({ kind: 'unsupported', isInvoke: true });
  });

  it('ignores the bot’s own messages', () => {
    const activity = personalMessage({ ...base, text: 'hej' });
    const own = { ...activity, from: { id: DEFAULT_BOT_ID, name: 'Brobygger' } };
    expect(parseActivity(own)).toMatchObject({ kind: 'unsupported', reason: 'own message' });
  });

  it('turns installs into the people who can now be reached', () => {
    expect(parseActivity(personalInstall(base))).toMatchObject({
      kind: 'installed',
      context: { scope: 'personal' },
      members: [{ userId: base.user.aadObjectId }],
    });
    expect(parseActivity(teamInstall({ ...base, channelId: channel }))).toMatchObject({ kind: 'installed', context: { scope: 'channel' } });
  });

  it('does not throw on garbage', () => {
    expect(parseActivity(null)).toMatchObject({ kind: 'unsupported', isInvoke: false });
    expect(parseActivity({ type: 'invoke' })).toMatchObject({ kind: 'unsupported', isInvoke: true });
    expect(parseActivity({ ...personalMessage({ ...base, text: '' }) })).toMatchObject({ kind: 'unsupported' });
  });
});
