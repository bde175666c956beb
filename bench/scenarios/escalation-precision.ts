/**
 * Scenario 3 — escalation timer precision: many open acute concerns with their escalation ladder
 * queued through the outbox of a running `brobygger start --role worker`, some of them with the
 * first step (the 100 % reminder to the team) due within a short window. Measures how late each
 * of those fired (its `escalated` event against its due time), how fast the worker fires, and the
 * Redis memory the queued ladders take. Baseline: bare BullMQ delayed jobs with a no-op processor
 * at the same rate, on the same Redis.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { durationMinutes } from '../../src/core/duration.js';
import { delayedJobs } from '../lib/bullmq-baseline.js';
import { insertLadderSteps, insertOpenConcerns } from '../lib/open-concerns.js';
import { count, mib, ms, times, type Row } from '../lib/report.js';
import { withResources } from '../lib/resources.js';
import type { Settings } from '../lib/settings.js';
import { SERVICE_PREFIX, startStack } from '../lib/stack.js';
import { ratio, round, summarize } from '../lib/stats.js';
import type { ScenarioOutcome } from './outcome.js';

/** Long enough that only the first step of the window's concerns fires while the bench runs. */
const ACUTE_SLA = '2h';
/** Outbox hand-over runs at a few thousand jobs a second; the window opens after it is done. */
const HANDOVER_MS_PER_JOB = 0.6;

export async function escalationPrecision(settings: Settings, postgresUrl: string | null): Promise<ScenarioOutcome> {
  if (!postgresUrl) {
    return { status: 'skipped', note: 'needs PostgreSQL (the bench writes concerns that a separate worker process reads)', rows: [], data: {} };
  }
  const { concerns, dueInWindow, windowSeconds, burst, graceSeconds, baselineSeconds } = settings.escalation;
  const windowMs = windowSeconds * 1000;
  return withResources('escalation precision', async (resources) => {
    const stack = await startStack(resources, { label: 's3', layout: 'worker', postgresUrl, directoryChanges: { acuteAcknowledgeWithin: ACUTE_SLA } });
    const db = stack.database!;
    const { directory } = stack.directory;
    const slaMs = durationMinutes(directory.sla.acute.acknowledgeWithin) * 60_000;
    const steps = directory.escalation.length;
    const pending = async () => (await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL'))[0]?.n ?? 0;
    const handedOver = async (until: number) => {
      while ((await pending()) > 0 && Date.now() < until) await sleep(200);
    };

    // Baseline first, on the still-empty Redis: bare delayed jobs at the window's rate.
    const rate = dueInWindow / windowSeconds;
    const baselineJobs = Math.max(1, Math.round(rate * Math.min(windowSeconds, baselineSeconds)));
    const baseline = await delayedJobs(stack.redis, baselineJobs, (baselineJobs / rate) * 1000, 1_000 + baselineJobs * HANDOVER_MS_PER_JOB);

    // The worker's reconciler looks once, 2 s after start; let it find the empty database first.
    await sleep(2_500);
    const memoryBefore = await stack.redis.usedMemory();

    // 1. The bulk of the open concerns: ladders due long after the bench.
    const later = concerns - dueInWindow - burst;
    const insertStarted = performance.now();
    await insertOpenConcerns(db.sql, directory, { idPrefix: 'bench-l-', count: later, due: { kind: 'later' }, slaMs });
    const insertSeconds = (performance.now() - insertStarted) / 1000;
    const handoverStarted = Date.now();
    let stepsQueued = await insertLadderSteps(db.sql, directory, 'bench-l-', slaMs);
    await handedOver(Date.now() + 10_000 + stepsQueued * HANDOVER_MS_PER_JOB * 4);
    const handoverSeconds = (Date.now() - handoverStarted) / 1000;

    // 2. The window's concerns, due from a moment after their own hand-over; then a burst all due at once.
    const firstDueMs = Date.now() + 2_000 + (dueInWindow + burst) * steps * HANDOVER_MS_PER_JOB;
    const burstDueMs = firstDueMs + windowMs + 2_000;
    await insertOpenConcerns(db.sql, directory, { idPrefix: 'bench-w-', count: dueInWindow, due: { kind: 'window', firstDueMs, windowMs }, slaMs });
    stepsQueued += await insertLadderSteps(db.sql, directory, 'bench-w-', slaMs);
    await insertOpenConcerns(db.sql, directory, { idPrefix: 'bench-b-', count: burst, due: { kind: 'window', firstDueMs: burstDueMs, windowMs: 0 }, slaMs });
    stepsQueued += await insertLadderSteps(db.sql, directory, 'bench-b-', slaMs);
    await handedOver(firstDueMs + windowMs);
    const windowHandoverDoneMs = Date.now();
    const memoryQueued = await stack.redis.usedMemory();
    const delayedInRedis = await stack.redis.client.zcard(`${SERVICE_PREFIX}:escalate:delayed`);

    const fired = async () =>
      (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM concern_events WHERE type = 'escalated'`))[0]?.n ?? 0;
    const firedRows = (idPrefix: string) =>
      db.sql.query<{ late_ms: number; at_ms: number; due_ms: number }>(
        `SELECT (extract(epoch FROM e.at - o.run_at) * 1000)::float8 AS late_ms, (extract(epoch FROM e.at) * 1000)::float8 AS at_ms,
           (extract(epoch FROM o.run_at) * 1000)::float8 AS due_ms
         FROM concern_events e JOIN outbox o ON o.job_id = 'escalate-' || e.concern_id || '-1-' || (e.data ->> 'step')
         WHERE e.type = 'escalated' AND starts_with(e.concern_id, $1)`,
        [idPrefix],
      );

    await sleep(Math.max(0, firstDueMs - Date.now()));
    const cpuAtFirstDue = stack.web.cpuSeconds();
    while ((await fired()) < dueInWindow && Date.now() < firstDueMs + windowMs + graceSeconds * 1000) await sleep(250);
    const cpuAtEnd = stack.web.cpuSeconds();
    const memoryAfter = await stack.redis.usedMemory();
    const lateRows = await firedRows('bench-w-');

    await sleep(Math.max(0, burstDueMs - Date.now()));
    while ((await fired()) < dueInWindow + burst && Date.now() < burstDueMs + graceSeconds * 1000) await sleep(100);
    const burstRows = await firedRows('bench-b-');
    const burstLateness = summarize(burstRows.map((r) => r.late_ms));
    const burstSeconds = Math.max(0.001, (burstLateness.max ?? 0) / 1000);

    const lateness = summarize(lateRows.map((r) => r.late_ms));
    const lastFiredMs = lateRows.reduce((last, r) => Math.max(last, r.at_ms), firstDueMs);
    const firingSeconds = Math.max(0.001, (lastFiredMs - firstDueMs) / 1000);
    // Lateness over the window: a backlog grows towards the end, a fixed offset does not.
    const tenths = Array.from({ length: 10 }, () => [] as number[]);
    for (const r of lateRows) tenths[Math.min(9, Math.max(0, Math.floor(((r.due_ms - firstDueMs) / windowMs) * 10)))]!.push(r.late_ms);
    const cpuWhileFiring = (cpuAtEnd ?? 0) - (cpuAtFirstDue ?? 0);
    const reminders = stack.fakes.teamMessages();

    const bytesPerStep = stepsQueued > 0 ? (memoryQueued - memoryBefore) / stepsQueued : null;
    const bytesPerConcern = (memoryQueued - memoryBefore) / concerns;
    const rows: Row[] = [
      { metric: `lateness p50 (${count(dueInWindow)} steps due in ${windowSeconds} s)`, value: ms(lateness.p50), baseline: ms(baseline.lateness.p50), ratio: times(ratio(lateness.p50, baseline.lateness.p50)) },
      { metric: 'lateness p99', value: ms(lateness.p99), baseline: ms(baseline.lateness.p99), ratio: times(ratio(lateness.p99, baseline.lateness.p99)) },
      { metric: 'lateness max', value: ms(lateness.max), baseline: ms(baseline.lateness.max) },
      { metric: 'steps fired / due', value: `${count(lateRows.length)} / ${count(dueInWindow)}`, baseline: `${count(baseline.lateness.count)} / ${count(baselineJobs)}` },
      { metric: 'worker CPU while firing', value: `${Math.round((cpuWhileFiring / firingSeconds) * 100)} % of a core` },
      {
        metric: `burst: ${count(burst)} steps due at once, all fired after`,
        value: burstRows.length === burst ? `${burstSeconds.toFixed(1)} s (${Math.round(burst / burstSeconds)}/s)` : `${count(burstRows.length)} of ${count(burst)} fired`,
      },
      { metric: `Redis used_memory: ${count(concerns)} open concerns`, value: `${mib(memoryBefore)} → ${mib(memoryQueued)}` },
      { metric: `  per queued step (${count(stepsQueued)}, ${steps} per concern)`, value: `${Math.round(bytesPerStep ?? 0)} B`, baseline: `${Math.round(baseline.bytesPerJob)} B`, ratio: times(ratio(bytesPerStep, baseline.bytesPerJob)) },
      { metric: '  per open concern', value: `${Math.round(bytesPerConcern)} B` },
      { metric: 'Redis used_memory after the window', value: mib(memoryAfter) },
      { metric: `outbox → BullMQ hand-over of ${count(later * steps)} steps`, value: `${handoverSeconds.toFixed(1)} s (${Math.round((later * steps) / Math.max(0.001, handoverSeconds))}/s)` },
      { metric: 'reminders at fake Slack / Bot Connector', value: `${count(reminders.slack)} / ${count(reminders.teams)}` },
    ];
    const notes: string[] = [];
    if (windowHandoverDoneMs > firstDueMs) notes.push(`the window's hand-over finished ${((windowHandoverDoneMs - firstDueMs) / 1000).toFixed(1)} s after its first step was due`);
    if (lateRows.length < dueInWindow) notes.push(`${dueInWindow - lateRows.length} step(s) had not fired ${graceSeconds} s after the window`);
    if (burstRows.length < burst) notes.push(`${burst - burstRows.length} burst step(s) had not fired after ${graceSeconds} s`);
    return {
      status: 'ok',
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
      rows,
      data: {
        concerns,
        dueInWindow,
        windowSeconds,
        ratePerSecond: round(rate),
        acuteSla: ACUTE_SLA,
        stepsPerConcern: steps,
        stepsQueued,
        delayedInRedis,
        insertSeconds: round(insertSeconds),
        handoverSeconds: round(handoverSeconds),
        firedPerSecond: round(lateRows.length / firingSeconds),
        burst: { steps: burst, fired: burstRows.length, lateness: burstLateness, firedPerSecond: round(burstRows.length / burstSeconds) },
        workerCpuSecondsWhileFiring: round(cpuWhileFiring),
        lateness,
        latenessP50ByTenthOfWindow: tenths.map((values) => summarize(values).p50),
        redisUsedMemoryBytes: { before: memoryBefore, queued: memoryQueued, afterWindow: memoryAfter, perQueuedStep: bytesPerStep, perOpenConcern: bytesPerConcern },
        reminders,
        baseline: { kind: 'bare BullMQ delayed jobs, no-op processor, concurrency 8, same rate', ...baseline },
      },
    };
  });
}
