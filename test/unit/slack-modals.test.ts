import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { answerModal, concernModal, intakeModal, modalActionOf } from '../../adapters/slack/forms.js';
import type { BrobyggerCore, IntakeChoices } from '../../src/core/api.js';

const choices: IntakeChoices = {
  categories: [
    { value: 'homelessness', label: 'Hjemløshed' },
    { value: 'other', label: 'Andet' },
  ],
  urgencies: [
    { value: 'high', label: 'Høj' },
    { value: 'normal', label: 'Normal' },
  ],
  departments: [{ value: 'havnegaarden', label: 'Afd. 3 Havnegården' }],
  residentKnows: [
    { value: 'yes', label: 'Ja' },
    { value: 'no', label: 'Nej' },
    { value: 'unknown', label: 'Ved ikke' },
  ],
};

type Json = Record<string, unknown>;
const block = (view: { blocks: unknown[] }, id: string) => (view.blocks as Json[]).find((b) => b.block_id === id) as Json & { element: Json };

describe('intake modal', () => {
  it('is pre-filled and keyed by the core field names', () => {
    const view = intakeModal('da', choices, {
      category: 'homelessness',
      urgency: 'high',
      description: 'En mand sover i kælderen',
      redacted: true,
      notice: { summary: 'CPR fjernet', blocks: [{ kind: 'text', text: 'Jeg har fjernet et CPR-nummer' }] },
    });
    expect(view.callback_id).toBe('intake');
    expect(view.title).toMatchObject({ text: 'Ny bekymring' });
    const ids = (view.blocks as unknown as Json[]).map((b) => b.block_id).filter(Boolean);
    expect(ids).toEqual(['category', 'departmentId', 'address', 'urgency', 'description', 'residentKnows', 'rentDemandDate']);
    expect(block(view, 'category').element.initial_option).toMatchObject({ value: 'homelessness' });
    expect(block(view, 'urgency').element.initial_option).toMatchObject({ value: 'high' });
    // One department only: chosen for the reporter.
    expect(block(view, 'departmentId').element.initial_option).toMatchObject({ value: 'havnegaarden' });
    expect(block(view, 'description').element).toMatchObject({ type: 'plain_text_input', multiline: true, initial_value: 'En mand sover i kælderen' });
    expect(block(view, 'residentKnows').element).toMatchObject({ type: 'radio_buttons', initial_option: { value: 'unknown' } });
    expect(JSON.stringify(view.blocks[0])).toContain('CPR');
    // The rent demand (påkrav) date is optional and only used for eviction risk.
    expect(block(view, 'rentDemandDate')).toMatchObject({ optional: true, element: { type: 'datepicker' } });
  });

  it('shows the answer without buttons (they would need a stacked modal)', () => {
    const view = answerModal('en', {
      summary: 'Thanks',
      blocks: [
        { kind: 'text', text: 'Thanks. Your concern BB-2026-0001 has been sent.' },
        { kind: 'actions', actions: [{ id: 'concern.withdraw', label: 'Withdraw', concernId: 'c-1' }] },
      ],
    });
    expect(view.blocks.map((b) => b.type)).toEqual(['section']);
    expect(view.close).toMatchObject({ text: 'Close' });
  });
});

describe('concern modals', () => {
  it('carry the concern and clicked message, with the callback id of the action', () => {
    const view = concernModal('da', 'reassign', { concernId: 'c-1', channel: 'C1', ts: '1.2' }, [{ value: 'boern', label: 'Børneteamet' }]);
    expect(view.callback_id).toBe('concern.reassign');
    expect(JSON.parse(view.private_metadata!)).toEqual({ concernId: 'c-1', channel: 'C1', ts: '1.2' });
    expect(block(view, 'teamId').element.options).toEqual([{ text: { type: 'plain_text', text: 'Børneteamet', emoji: true }, value: 'boern' }]);
    expect(block(view, 'reason').optional).toBe(true);
    expect(modalActionOf(view.callback_id!)).toBe('reassign');
  });

  it.each(['reply', 'note', 'add_info', 'withdraw', 'ask', 'answer', 'reopen'] as const)('%s has a titled modal within Slack limits', (action) => {
    for (const locale of ['da', 'en'] as const) {
      const view = concernModal(locale, action, { concernId: 'c-1' });
      expect(view.callback_id).toBe(`concern.${action}`);
      expect(view.title.text.length).toBeLessThanOrEqual(24);
      expect(view.blocks).toHaveLength(1);
    }
  });

  it('resolve requires an outcome id and takes an optional message to the reporter', () => {
    const view = concernModal('en', 'resolve', { concernId: 'c-1' });
    expect(view.callback_id).toBe('concern.resolve');
    const [outcome, message] = view.blocks as { block_id: string; optional?: boolean; element: { options?: { value: string }[] } }[];
    expect(outcome!.block_id).toBe('outcome');
    expect(outcome!.optional).toBeFalsy();
    expect(outcome!.element.options!.map((o) => o.value)).toEqual(['action_taken', 'referred', 'already_known', 'no_action_needed', 'declined', 'not_reachable', 'other']);
    expect(message).toMatchObject({ block_id: 'message', optional: true });
  });

  it('ignores callback ids that are not ours', () => {
    expect(modalActionOf('concern.ack')).toBeNull();
    expect(modalActionOf('intake')).toBeNull();
  });
});

describe('createSlackAdapter', () => {
  const deps = {
    core: {} as BrobyggerCore,
    dedupe: { firstTime: async () => true },
    drafts: { put: async () => 'id', get: async () => null },
    logger: pino({ level: 'silent' }),
  };

  it('mounts /slack/events in HTTP mode', () => {
    const adapter = createSlackAdapter({ botToken: 'xoxb-test', signingSecret: 'secret', apiUrl: 'http://127.0.0.1:9/api/' }, deps);
    expect(adapter.mode).toBe('http');
    expect(adapter.router).toBeTypeOf('function');
  });

  it('uses Socket Mode with an app token, without a route', () => {
    const adapter = createSlackAdapter({ botToken: 'xoxb-test', appToken: 'xapp-test' }, deps);
    expect(adapter.mode).toBe('socket');
    expect(adapter.router).toBeUndefined();
  });

  it('refuses a configuration that could not verify requests', () => {
    expect(() => createSlackAdapter({ botToken: 'xoxb-test' }, deps)).toThrow(/signing secret/);
  });
});
