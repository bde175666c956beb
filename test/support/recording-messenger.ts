/** The outbound port as a recorder: what the core would have sent, to whom, and updates. */
import type { MessageTarget, NeutralMessage, SentMessageRef } from '../../src/core/messages.js';
import type { Locale, Platform } from '../../src/core/model.js';
import { DeliveryError, type Messenger } from '../../src/core/ports.js';

export interface Recorded {
  kind: 'send' | 'update';
  target?: MessageTarget;
  ref: SentMessageRef;
  message: NeutralMessage;
  locale: Locale;
}

export interface RecordingMessenger extends Messenger {
  records: Recorded[];
  sent(): Recorded[];
  updates(): Recorded[];
  /** Make the next n calls fail with this error. */
  failNext(n: number, error: DeliveryError): void;
}

export const messageText = (m: NeutralMessage): string =>
  m.blocks
    .map((b) => {
      switch (b.kind) {
        case 'header':
        case 'text':
        case 'context':
          return b.text;
        case 'fields':
          return b.fields.map((f) => `${f.label}: ${f.value}`).join('\n');
        case 'link':
          return `${b.label} <${b.url}>`;
        case 'actions':
          return b.actions.map((a) => `[${a.id}]`).join(' ');
        case 'input':
          return `[input ${b.id}]`;
      }
    })
    .join('\n');

export function createRecordingMessenger(platform: Platform): RecordingMessenger {
  const records: Recorded[] = [];
  let failures: { left: number; error: DeliveryError } | null = null;
  let next = 1;
  const maybeFail = () => {
    if (failures && failures.left > 0) {
      failures.left -= 1;
      throw failures.error;
    }
  };
  return {
    records,
    sent: () => records.filter((r) => r.kind === 'send'),
    updates: () => records.filter((r) => r.kind === 'update'),
    failNext(n, error) {
      failures = { left: n, error };
    },
    async send(target, message, locale) {
      maybeFail();
      const ref: SentMessageRef = { platform, ref: { id: `msg-${next++}` } };
      records.push({ kind: 'send', target, ref, message, locale });
      return ref;
    },
    async update(ref, message, locale) {
      maybeFail();
      records.push({ kind: 'update', ref, message, locale });
    },
  };
}

export { DeliveryError };
