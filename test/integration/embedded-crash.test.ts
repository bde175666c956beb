/**
 * The embedded database under kill -9: a real `brobygger start` child process on a PGlite folder
 * is killed at random moments while caretakers submit the intake modal, and restarted (taking
 * over the stale folder lock). Every concern whose reference a caretaker saw in the modal's
 * answer must be in the database afterwards. Also: a second `start` on the folder is refused, and
 * the CLI's way in (openDatabase) reads through the running service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { freePort } from '../../src/app/free-port.js';
import { ENV_VARIABLES } from '../../src/app/env.js';
import { openDatabase } from '../../src/store/index.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-web-api.js';
import { startTestRedis } from '../support/service.js';
import { postToSlackEndpoint, viewSubmission } from '../support/slack-requests.js';

const SECRET = 'crash-secret';

// A Slack reporter of the bundled sample directory (the service reads the sample when DIRECTORY_FILE is unset).
const sample = loadDirectoryOrThrow();
const association = sample.organizations.find((o) => o.kind === 'association' && o.slack && o.members.slack.length > 0 && o.departments.length > 0)!;
const TEAM = association.slack!.teamIds[0]!;
const REPORTER = association.members.slack[0]!;
const DEPARTMENT = association.departments[0]!.id;

interface Started {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  output: () => string;
}

describe('an embedded database folder under kill -9', () => {
  let work: string;
  let slack: FakeSlack;
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'bb-crash-'));
    slack = await startFakeSlack({ token: 'xoxb-crash', teamId: TEAM, users: [{ id: REPORTER, teamId: TEAM, realName: 'Jens Pedersen', locale: 'da-DK' }] });
    redis = await startTestRedis();
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await slack?.close();
    await redis?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** `brobygger start` from the sources, as a child process; resolves when /readyz answers 200. */
  async function start(): Promise<Started> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ENV_VARIABLES) delete env[name];
    Object.assign(env, {
      PORT: String(port),
      DATABASE_URL: `pglite:${join(work, 'pg')}`,
      REDIS_URL: redis.url,
      SLACK_BOT_TOKEN: 'xoxb-crash',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'warn',
    });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (children.delete(child), resolve(code))));
    const url = `http://127.0.0.1:${port}`;
    for (;;) {
      const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
      if (ready) break;
      const gone = await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 200))]);
      if (gone) throw new Error(`the service exited before it was ready:\n${output}`);
    }
    return { child, url, exited, output: () => output };
  }

  /** Submits intake modals (4 at a time) until `stop` resolves; returns the references the caretaker saw. */
  async function submitUntil(url: string, stop: Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    let stopped = false;
    void stop.then(() => (stopped = true));
    let n = 0;
    const lane = async () => {
      while (!stopped) {
        const request = viewSubmission(
          {
            userId: REPORTER,
            teamId: TEAM,
            callbackId: 'intake',
            values: {
              category: { type: 'static_select', selected: 'homelessness' },
              departmentId: { type: 'static_select', selected: DEPARTMENT },
              address: { type: 'plain_text_input', value: `Havnegade ${n++}` },
              urgency: { type: 'static_select', selected: 'normal' },
              description: { type: 'plain_text_input', value: 'En beboer sover i kælderen og har brug for hjælp.' },
              residentKnows: { type: 'radio_buttons', selected: 'no' },
            },
          },
          { secret: SECRET },
        );
        const text = await postToSlackEndpoint(url, request).then(
          async (res) => (res.ok ? await res.text() : ''),
          () => '',
        );
        const ref = /BB-\d{4}-\d{4,}/.exec(text)?.[0];
        if (ref) seen.push(ref);
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    return seen;
  }

  it('keeps every concern a caretaker saw confirmed, and takes over the lock after the crash', async () => {
    const confirmed: string[] = [];
    let service = await start();

    const second = await start().then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(second).toContain(`The database folder ${join(work, 'pg')} is in use by another Brobygger process (pid ${service.child.pid})`);

    for (let round = 0; round < 3; round++) {
      // kill -9 after a random 0.3–2.3 s of intake, while requests are in flight.
      const killed = new Promise<void>((resolve) =>
        setTimeout(() => {
          service.child.kill('SIGKILL');
          resolve();
        }, 300 + Math.random() * 2_000),
      );
      confirmed.push(...(await submitUntil(service.url, killed)));
      await service.exited;
      service = await start();
    }
    expect(confirmed.length).toBeGreaterThan(0);

    // Through the running service, as the CLI does: the folder is not opened a second time.
    const database = await openDatabase({ kind: 'pglite', dataDir: join(work, 'pg') });
    try {
      expect(database.describe).toContain(`through the running service, pid ${service.child.pid}`);
      const rows = await database.sql.query<{ ref: string }>('SELECT ref FROM concerns WHERE ref = ANY($1)', [confirmed]);
      expect(rows.map((r) => r.ref).sort()).toEqual([...new Set(confirmed)].sort());
    } finally {
      await database.sql.close();
    }
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  }, 600_000);
});
