import { describe, expect, it } from 'vitest';
import {
  intakeFormValues,
  parseBlockAction,
  parseCommand,
  parseConcernModalMetadata,
  parseEvent,
  parseViewSubmission,
  stateValues,
} from '../../adapters/slack/parse.js';

const option = (value: string) => ({ text: { type: 'plain_text', text: `label ${value}`, emoji: true }, value });

describe('modal state values', () => {
  it('reads every kind of input Slack sends', () => {
    const values = stateValues({
      b1: { a1: { type: 'datepicker', selected_date: '1990-04-12' } },
      b2: { a2: { type: 'plain_text_input', value: 'This is a test' } },
      b3: { a3: { type: 'plain_text_input', value: null } },
      b4: { a4: { type: 'users_select', selected_user: 'U123' } },
      b5: { a5: { type: 'multi_users_select', selected_users: ['U123', 'U234'] } },
      b6: { a6: { type: 'conversations_select', selected_conversation: 'C123' } },
      b7: { a7: { type: 'multi_static_select', selected_options: [option('value-0'), option('value-1')] } },
      b8: { a8: { type: 'checkboxes', selected_options: [option('value-0')] } },
      b9: {
        a9: {
          type: 'radio_buttons',
          selected_option: { ...option('option 1'), description: { type: 'plain_text', text: 'd', emoji: true } },
        },
      },
      b10: { a10: { type: 'static_select', selected_option: null } },
    });
    expect(values).toEqual({
      b1: '1990-04-12',
      b2: 'This is a test',
      b3: '',
      b4: 'U123',
      b5: ['U123', 'U234'],
      b6: 'C123',
      b7: ['value-0', 'value-1'],
      b8: ['value-0'],
      b9: 'option 1',
      b10: null,
    });
  });

  it('turns an intake submission into the core form values', () => {
    const submission = parseViewSubmission({
      type: 'view_submission',
      team: { id: 'T1', domain: 'x' },
      user: { id: 'U1', username: 'jens', name: 'jens', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'x',
      trigger_id: '1.2.3',
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: 'intake',
        private_metadata: '',
        blocks: [{ type: 'input', block_id: 'category' }, { type: 'input', block_id: 'departmentId' }],
        state: {
          values: {
            category: { value: { type: 'static_select', selected_option: option('homelessness') } },
            departmentId: { value: { type: 'static_select', selected_option: null } },
            address: { value: { type: 'plain_text_input', value: 'Havnegade 3' } },
            urgency: { value: { type: 'static_select', selected_option: option('high') } },
            description: { value: { type: 'plain_text_input', value: 'En mand sover i kælderen' } },
            residentKnows: { value: { type: 'radio_buttons', selected_option: option('no') } },
          },
        },
        hash: '1.a',
      },
    });
    expect(submission).toMatchObject({ kind: 'view', callbackId: 'intake', viewId: 'V1', user: { userId: 'U1', teamId: 'T1' } });
    if (submission.kind !== 'view') throw new Error('expected a view');
    expect(intakeFormValues(submission.values)).toEqual({
      category: 'homelessness',
      address: 'Havnegade 3',
      urgency: 'high',
      description: 'En mand sover i kælderen',
      residentKnows: 'no',
    });
    expect(submission.blockIds).toEqual(expect.arrayContaining(['category', 'departmentId', 'description']));
  });

  it('ignores a submission that is not one', () => {
    expect(parseViewSubmission({ type: 'view_closed' }).kind).toBe('unsupported');
  });
});

describe('slash commands', () => {
  it('reads the user, workspace, channel, text and trigger', () => {
    const body = Object.fromEntries(
      new URLSearchParams(
        'token=x&team_id=T111&team_domain=t&channel_id=C111&channel_name=random&user_id=W111&user_name=owner&command=%2Fbekymring&text=+status+&response_url=https%3A%2F%2Fhooks.slack.com%2Fx&trigger_id=111.111.xxx',
      ),
    );
    expect(parseCommand(body)).toEqual({
      kind: 'command',
      user: { userId: 'W111', teamId: 'T111', name: 'owner' },
      channelId: 'C111',
      text: 'status',
      triggerId: '111.111.xxx',
    });
  });
});

describe('events', () => {
  const envelope = (event: Record<string, unknown>) => ({
    token: 'x',
    team_id: 'T123',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: 'Ev1',
    event_time: 1,
    event,
  });

  it('accepts a DM from a person', () => {
    expect(
      parseEvent(envelope({ type: 'message', channel: 'D1', user: 'U1', text: ' hej ', ts: '1.1', channel_type: 'im' })),
    ).toEqual({ kind: 'dm', eventId: 'Ev1', user: { userId: 'U1', teamId: 'T123' }, channelId: 'D1', text: 'hej', filesOffered: false });
  });

  it('ignores bot messages (our own included), edits and channel chatter', () => {
    const dm = { type: 'message', channel: 'D1', user: 'U1', text: 'x', ts: '1.1', channel_type: 'im' };
    expect(parseEvent(envelope({ ...dm, bot_id: 'B1' })).kind).toBe('unsupported');
    expect(parseEvent(envelope({ ...dm, subtype: 'message_changed' })).kind).toBe('unsupported');
    expect(parseEvent(envelope({ ...dm, channel_type: 'channel' })).kind).toBe('unsupported');
    expect(parseEvent(envelope({ type: 'reaction_added', user: 'U1' })).kind).toBe('unsupported');
  });

  it('strips the bot mention from an app_mention', () => {
    const parsed = parseEvent(envelope({ type: 'app_mention', text: '<@U222> status', user: 'U111', ts: '1.1', channel: 'C111' }));
    expect(parsed).toMatchObject({ kind: 'mention', text: 'status', channelId: 'C111' });
  });

  it('answers the home tab only', () => {
    expect(parseEvent(envelope({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' }))).toMatchObject({
      kind: 'home_opened',
      user: { userId: 'U1' },
    });
    expect(parseEvent(envelope({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'messages' })).kind).toBe('unsupported');
  });
});

describe('button clicks', () => {
  const click = (extra: Record<string, unknown>) => ({
    type: 'block_actions',
    user: { id: 'U111', username: 'u', name: 'u', team_id: 'T111' },
    api_app_id: 'A111',
    trigger_id: '111.222.xxx',
    team: { id: 'T111', domain: 'd' },
    actions: [{ action_id: 'concern.ack', block_id: 'b', value: 'c-1', type: 'button', action_ts: '1.1' }],
    ...extra,
  });

  it('knows which message was clicked', () => {
    const parsed = parseBlockAction(
      click({
        container: { type: 'message', message_ts: '1605853634.000400', channel_id: 'C111', is_ephemeral: false },
        channel: { id: 'C111', name: 'random' },
      }),
    );
    expect(parsed).toEqual({
      kind: 'button',
      user: { userId: 'U111', teamId: 'T111', name: 'u' },
      actionId: 'concern.ack',
      value: 'c-1',
      triggerId: '111.222.xxx',
      channelId: 'C111',
      message: { channel: 'C111', ts: '1605853634.000400' },
      inputs: {},
    });
  });

  it('reads a JSON value (feedback) and the text fields on the clicked message', () => {
    const parsed = parseBlockAction(
      click({
        actions: [{ action_id: 'concern.feedback', value: '{"concernId":"c-9","helpful":false}' }],
        state: { values: { comment: { value: { type: 'plain_text_input', value: 'Han sover der stadig' } } } },
      }),
    );
    expect(parsed).toMatchObject({ actionId: 'concern.feedback', value: 'c-9', helpful: false, inputs: { comment: 'Han sover der stadig' } });
    const broken = parseBlockAction(click({ actions: [{ action_id: 'concern.feedback', value: '{"helpful":true}' }] }));
    expect(broken).toMatchObject({ value: '' });
  });

  it('has no message to update for App Home buttons, and ignores foreign action ids', () => {
    expect(parseBlockAction(click({ container: { type: 'view', view_id: 'V1' } }))).toMatchObject({ message: undefined });
    expect(parseBlockAction(click({ actions: [{ action_id: 'WaXA', value: 'x' }] })).kind).toBe('unsupported');
  });
});

describe('concern modal metadata', () => {
  it('round-trips and rejects garbage', () => {
    expect(parseConcernModalMetadata('{"concernId":"c-1","channel":"C1","ts":"1.2"}')).toEqual({ concernId: 'c-1', channel: 'C1', ts: '1.2' });
    expect(parseConcernModalMetadata('not json')).toBeNull();
    expect(parseConcernModalMetadata('{"channel":"C1"}')).toBeNull();
  });
});
