/**
 * Signed Slack `view_submission`s of the intake modal, as a caretaker submits it: each with its
 * own view id (so each creates a concern), categories and departments rotating so concerns are
 * routed to every team of the sample (some on Slack, some on Teams).
 */
import { CATEGORIES } from '../../src/core/model.js';
import { viewSubmission } from '../../test/support/slack-requests.js';
import type { OutgoingRequest } from './open-loop.js';
import type { BenchDirectory } from './directory.js';

export const SIGNING_SECRET = 'bench-signing-secret';
export const BOT_TOKEN = 'xoxb-bench';

const URGENCIES = ['normal', 'high', 'normal', 'low'] as const;

export function intakeRequests(directory: BenchDirectory, runTag: string): (index: number) => OutgoingRequest {
  return (index) => {
    const reporter = directory.reporters[index % directory.reporters.length]!;
    const category = CATEGORIES[index % CATEGORIES.length]!;
    const department = reporter.departments[Math.floor(index / CATEGORIES.length) % reporter.departments.length]!;
    const request = viewSubmission(
      {
        userId: reporter.userId,
        teamId: reporter.teamId,
        callbackId: 'intake',
        viewId: `V${runTag}${index}`,
        values: {
          category: { type: 'static_select', selected: category },
          departmentId: { type: 'static_select', selected: department },
          address: { type: 'plain_text_input', value: `Benchvej ${index % 97}, opgang ${index % 7}` },
          urgency: { type: 'static_select', selected: URGENCIES[index % URGENCIES.length]! },
          description: {
            type: 'plain_text_input',
            value: `Bench ${runTag}-${index}: en beboer har brug for hjælp, og vi er bekymrede for situationen i opgangen.`,
          },
          residentKnows: { type: 'radio_buttons', selected: index % 2 === 0 ? 'no' : 'yes' },
        },
      },
      { secret: SIGNING_SECRET },
    );
    return { path: '/slack/events', headers: request.headers, body: request.body };
  };
}

/** The concern reference (BB-YYYY-NNNN) in a text, e.g. the modal the ack answered with. */
export function referenceIn(text: string): string | null {
  return /BB-\d{4}-\d{4,}/.exec(text)?.[0] ?? null;
}
