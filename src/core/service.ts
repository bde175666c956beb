/**
 * createCore: the one object adapters talk to, and the step functions the workflows run.
 */
import { randomUUID } from 'node:crypto';
import type { BrobyggerCore } from './api.js';
import { createBusinessCalendar, type BusinessCalendar } from './calendar.js';
import { act, canSee, canRespond } from './commands.js';
import { answerFromChat } from './answer-from-chat.js';
import { organizationName, type CoreContext } from './context.js';
import { deliver, refreshCards, type DeliveryAttempt } from './delivery.js';
import type { ChartLinker, ChartRenderer } from './digest/chart.js';
import type { DigestSource } from './digest/report.js';
import { renderNotManager } from './digest/render.js';
import { digestFor } from './digest/service.js';
import type { Directory } from './directory.js';
import type { EscalateJob, NotifyJob } from './effects.js';
import { expectedJob, expectedWork, fireEscalationStep } from './escalation.js';
import { resolveIdentity, type Identity } from './identity.js';
import { t } from './i18n.js';
import { intakeChoices, prefill, submitIntake } from './intake.js';
import type { Concern, Locale, Platform } from './model.js';
import { systemClock, type Clock, type ConcernStore, type Effect, type Messengers } from './ports.js';
import { renderTeamCard, textMessage } from './render.js';
import { routeStep } from './routing-step.js';
import { statusMessage } from './status.js';
import { interpretText } from './text-intent.js';

export interface CoreDeps {
  directory: Directory;
  store: ConcernStore;
  clock?: Clock;
  /** Called after a commit that left work in the outbox. */
  kick?: () => void;
  newId?: () => string;
  /** The digest's figures (src/store/digest-queries.ts); without it managers get a refusal. */
  digests?: DigestSource;
  /** Makes waiting deliveries on a platform due now; returns how many (DeliveryStore.releaseWaiting). */
  releaseWaiting?: (platform: Platform) => Promise<number>;
  /** Draws the digest's chart; without it the digest is text only. */
  charts?: ChartRenderer;
  /** The digest's chart as a link under PUBLIC_URL, for the Slack App Home; without it the Home shows the figures only. */
  chartLinks?: ChartLinker;
}

export interface WorkflowSteps {
  route(concernId: string): Promise<'routed' | 'already' | 'missing'>;
  /** Sends what a delivery owes; `attempt` learns the recipient's platform and the message reference. */
  deliver(messengers: Messengers, job: NotifyJob, attempt?: DeliveryAttempt): Promise<'sent' | 'skipped'>;
  escalate(job: EscalateJob): Promise<'fired' | 'skipped'>;
  /** Re-renders every copy of a concern's card if it changed since `renderedVersion`. */
  refreshCards(messengers: Messengers, concernId: string, renderedVersion: number): Promise<void>;
  /** The queue work an open concern should have (route job or next ladder step), for the reconciler. */
  expectedWork(concern: Concern, clockStartedAt: Date): Effect[];
  /** expectedWork's job id and queue without computing its due time (null: no job owed). */
  expectedJob(concern: Pick<Concern, 'id' | 'state' | 'teamId' | 'slaEpoch' | 'escalationLevel'>): { queue: 'route' | 'escalate'; jobId: string } | null;
}

export interface Core extends BrobyggerCore {
  readonly context: CoreContext;
  readonly calendar: BusinessCalendar;
  readonly steps: WorkflowSteps;
  /** Lets the composition root connect the outbox dispatcher after the core exists. */
  setKick(kick: () => void): void;
}

export function createCore(deps: CoreDeps): Core {
  let kick = deps.kick ?? (() => {});
  const ctx: CoreContext = {
    directory: deps.directory,
    store: deps.store,
    clock: deps.clock ?? systemClock,
    calendar: createBusinessCalendar(deps.directory.municipality),
    kick: () => kick(),
    newId: deps.newId ?? randomUUID,
  };
  const { directory, store } = ctx;

  const help = (identity: Identity) => {
    const locale = identity.person.locale;
    const lines = [t(locale, 'help', { municipality: directory.municipality.name })];
    if (identity.responderTeams.length > 0) {
      const teams = identity.responderTeams.map((id) => directory.teams.find((tm) => tm.id === id)?.name ?? id).join(', ');
      lines.push(t(locale, 'help.responder', { teams }));
    }
    if (identity.managerOf.length > 0) {
      const scope = identity.managerOf.map((s) => (s.kind === 'team' ? directory.teams.find((tm) => tm.id === s.id)?.name : organizationName(directory, s.id)) ?? s.id).join(', ');
      lines.push(t(locale, 'help.manager', { scope }));
    }
    const message = textMessage(lines.join('\n\n'));
    if (identity.isReporter) {
      message.blocks.push({ kind: 'actions', actions: [{ id: 'intake.open', label: t(locale, 'action.intake.open'), style: 'primary' }] });
    }
    return message;
  };

  return {
    context: ctx,
    calendar: ctx.calendar,
    setKick: (k) => {
      kick = k;
    },
    identify: (user) => resolveIdentity(directory, user),
    unknownUser: (locale: Locale) => textMessage(t(locale, 'unknownUser', { municipality: directory.municipality.name })),
    help,
    interpretText,
    intakeChoices,
    prefill,
    submitIntake: (identity, form, dedupeKey) => submitIntake(ctx, identity, form, dedupeKey),
    act: (identity, concernId, action) => act(ctx, identity, concernId, action),
    answerFromChat: (identity, text) => answerFromChat(ctx, identity, text),
    async reassignChoices(identity, concernId) {
      const concern = await store.getConcern(concernId);
      if (!concern || !canRespond(ctx, identity, concern)) return [];
      return directory.teams.filter((tm) => tm.id !== concern.teamId).map((tm) => ({ value: tm.id, label: tm.name }));
    },
    status: (identity) => statusMessage(ctx, identity),
    digest: (identity, week, options) =>
      deps.digests
        ? digestFor({ directory, digests: deps.digests, clock: ctx.clock, ...chartsFor(deps, options?.chart ?? true) }, identity, week)
        : Promise.resolve(renderNotManager(identity.person.locale)),
    async getConcern(identity, concernId) {
      const concern = await store.getConcern(concernId);
      return concern && canSee(ctx, identity, concern) ? concern : null;
    },
    teamCard: async (concern) => renderTeamCard(ctx, concern, await store.listEvents(concern.id)),
    async fileOffered(identity) {
      if (!identity.isReporter) return null;
      const active = await store.listConcerns({ reporterUserId: identity.person.userId, states: ['open', 'acknowledged', 'waiting'] });
      const latest = active
        .filter((c) => c.reporter.platform === identity.person.platform)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
      if (!latest) return null;
      const result = await act(ctx, identity, latest.id, { type: 'file_offered' });
      return result.ok ? { ref: latest.ref } : null;
    },
    rememberConversation: (platform, userId, ref) => store.saveConversationRef(platform, userId, ref),
    async deliveryTargetChanged(platform) {
      if (!deps.releaseWaiting) return;
      if ((await deps.releaseWaiting(platform)) > 0) ctx.kick();
    },
    steps: {
      route: (concernId) => routeStep(ctx, concernId),
      deliver: (messengers, job, attempt) => deliver(ctx, messengers, job, attempt),
      escalate: (job) => fireEscalationStep(ctx, job),
      refreshCards: (messengers, concernId, version) => refreshCards(ctx, messengers, concernId, version),
      expectedWork: (concern, clockStartedAt) => expectedWork(ctx, concern, clockStartedAt),
      expectedJob: (concern) => expectedJob(ctx, concern),
    },
  };
}

/** What draws the digest's charts for one answer: PNG bytes, links, or nothing. */
function chartsFor(deps: CoreDeps, chart: boolean | 'link'): { charts?: ChartRenderer; chartLinks?: ChartLinker } {
  if (chart === 'link') return deps.chartLinks ? { chartLinks: deps.chartLinks } : {};
  return chart && deps.charts ? { charts: deps.charts } : {};
}
