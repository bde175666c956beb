/**
 * Which Slack payloads are people writing, and who they are. Events are shaped like
 * shared/platform-payloads/slack/02 (message.im) with the subtypes and Slack Connect / Grid fields
 * from https://docs.slack.dev/reference/events/message and the block_actions / view_submission
 * `user` object (with its own `team_id`).
 */
import { describe, expect, it } from 'vitest';
import { parseBlockAction, parseCommand, parseEvent, parseViewSubmission } from '../../adapters/slack/parse.js';
import { resolveIdentity } from '../../src/core/identity.js';
import { directorySchema } from '../../src/core/directory.js';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';

function envelope(event: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    token: 'one-long-verification-token',
    team_id: 'T_KOMMUNE',
    api_app_id: 'A0PNCHHK2',
    event: { type: 'message', channel: 'D024BE91L', user: 'U2147483697', text: 'Hej', ts: '1355517523.000005', channel_type: 'im', ...event },
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 10)}`,
    event_time: 1355517523,
    ...extra,
  };
}

describe('Slack: which messages are people writing', () => {
  it.each([
    ['a plain DM', {}],
    ['a DM with a photo (file_share)', { subtype: 'file_share', files: [{ id: 'F1', mimetype: 'image/jpeg' }] }],
    ['a thread reply also sent to the channel (thread_broadcast)', { subtype: 'thread_broadcast', thread_ts: '1355517523.000001' }],
    ['a thread reply in the DM', { thread_ts: '1355517523.000001', parent_user_id: 'U2147483697' }],
  ])('accepts %s', (_name, event) => {
    expect(parseEvent(envelope(event)).kind).toBe('dm');
  });

  it.each([
    ['an edit', { subtype: 'message_changed', message: { text: 'x' }, user: undefined }],
    ['an edit that still names the user', { subtype: 'message_changed' }],
    ['a deletion', { subtype: 'message_deleted', deleted_ts: '1.2' }],
    ['a join', { subtype: 'channel_join' }],
    ['a bot message', { subtype: 'bot_message', bot_id: 'B1' }],
    ['a message by a bot user', { bot_id: 'B1' }],
    ['a hidden message', { hidden: true }],
    ['a message without user', { user: undefined }],
    ['a me_message', { subtype: 'me_message' }],
  ])('ignores %s', (_name, event) => {
    expect(parseEvent(envelope(event)).kind).toBe('unsupported');
  });

  it.each([['reaction_added'], ['pin_added'], ['file_shared']])('ignores %s events', (type) => {
    expect(parseEvent(envelope({ type, item: {} })).kind).toBe('unsupported');
  });

  it('marks files offered, with or without text', () => {
    const withText = parseEvent(envelope({ subtype: 'file_share', text: 'Se billedet', files: [{ id: 'F1' }] }));
    const photoOnly = parseEvent(envelope({ subtype: 'file_share', text: '', files: [{ id: 'F1' }] }));
    expect(withText).toMatchObject({ kind: 'dm', text: 'Se billedet', filesOffered: true });
    expect(photoOnly).toMatchObject({ kind: 'dm', text: '', filesOffered: true });
    expect(parseEvent(envelope({}))).toMatchObject({ filesOffered: false });
  });
});

describe('Slack: the user is identified by their own workspace and enterprise', () => {
  const user = { id: 'U0NORDBO01', username: 'kim', name: 'kim', team_id: 'T_NORDBO' };
  const installedIn = { id: 'T_KOMMUNE', domain: 'kommune' };

  it('takes user.team_id over team.id in block_actions and view_submission (Slack Connect)', () => {
    const button = parseBlockAction({ type: 'block_actions', user, team: installedIn, trigger_id: '1.2.3', actions: [{ action_id: 'intake.open', value: '' }] });
    const view = parseViewSubmission({ type: 'view_submission', user, team: installedIn, view: { id: 'V1', callback_id: 'intake', state: { values: {} } } });
    expect(button).toMatchObject({ user: { userId: 'U0NORDBO01', teamId: 'T_NORDBO' } });
    expect(view).toMatchObject({ user: { userId: 'U0NORDBO01', teamId: 'T_NORDBO' } });
  });

  it('takes the Grid enterprise from the payload user, the event envelope and the command', () => {
    const button = parseBlockAction({ type: 'block_actions', user: { ...user, enterprise_id: 'E_NORDBO' }, team: null, trigger_id: '1.2.3', actions: [{ action_id: 'intake.open' }] });
    expect(button).toMatchObject({ user: { teamId: 'T_NORDBO', enterpriseId: 'E_NORDBO' } });
    expect(parseEvent(envelope({}, { enterprise_id: 'E_NORDBO' }))).toMatchObject({ user: { enterpriseId: 'E_NORDBO' } });
    const command = parseCommand({ command: '/bekymring', user_id: 'U1', team_id: 'T_NORDBO', enterprise_id: 'E_NORDBO', text: '', trigger_id: '1.2' });
    expect(command).toMatchObject({ user: { teamId: 'T_NORDBO', enterpriseId: 'E_NORDBO' } });
  });

  it('takes user_team over the installation workspace in message events (Slack Connect)', () => {
    expect(parseEvent(envelope({ user_team: 'T_NORDBO', team: 'T_NORDBO' }))).toMatchObject({ user: { teamId: 'T_NORDBO' } });
  });

  it('lets the directory match an association by its Grid enterprise id', () => {
    const sample = loadDirectoryOrThrow();
    const directory = directorySchema.parse({
      ...sample,
      organizations: [
        ...sample.organizations,
        { id: 'nordbo', name: 'Nordbo', kind: 'association', slack: { teamIds: ['T_NORDBO'], enterpriseIds: ['E_NORDBO'] }, departments: [{ id: 'n1', name: 'Afd. 1', district: sample.districts[0]!.id }] },
      ],
    });
    const viaWorkspace = resolveIdentity(directory, { platform: 'slack', userId: 'U0NORDBO01', workspaceId: 'T_NORDBO' });
    const viaGrid = resolveIdentity(directory, { platform: 'slack', userId: 'U0NORDBO02', workspaceId: 'T_OTHER_WS', enterpriseId: 'E_NORDBO' });
    const stranger = resolveIdentity(directory, { platform: 'slack', userId: 'U0X', workspaceId: 'T_KOMMUNE_X', enterpriseId: 'E_SOMEONE' });
    expect(viaWorkspace?.organization.id).toBe('nordbo');
    expect(viaGrid?.organization.id).toBe('nordbo');
    expect(viaGrid?.isReporter).toBe(true);
    expect(stranger).toBeNull();
  });
});
