import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/app/free-port.js';
import { startLocalRedis, type LocalRedis } from '../../src/app/redis-server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'brobygger-redis-'));
const running: LocalRedis[] = [];

afterAll(async () => {
  await Promise.all(running.map((server) => server.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(dir: string, port?: number): Promise<LocalRedis> {
  const server = await startLocalRedis({ dataDir: dir, port });
  running.push(server);
  return server;
}

async function withClient<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {}); // commands reject; the test looks at those
  try {
    return await use(client);
  } finally {
    client.disconnect();
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function untilClosed(port: number): Promise<void> {
  while (await accepts(port)) await sleep(50);
}

/** Runs startLocalRedis in another Node process, which then ends as `ending` says. */
async function portOfServerStartedBy(ending: 'exit' | 'killed'): Promise<number> {
  const dir = join(dataDir, `parent-${ending}`);
  const script = join(dataDir, `parent-${ending}.mts`);
  const module = new URL('../../src/app/redis-server.ts', import.meta.url).href;
  writeFileSync(
    script,
    `import { startLocalRedis } from ${JSON.stringify(module)};
     const server = await startLocalRedis({ dataDir: ${JSON.stringify(dir)} });
     console.log(server.port);
     if (${JSON.stringify(ending)} === 'exit') process.exit(0);
     setInterval(() => {}, 1000);`,
  );
  const parent = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((done, fail) => {
    parent.stdout.once('data', (chunk: Buffer) => done(Number(chunk.toString().trim())));
    parent.once('exit', (code) => fail(new Error(`parent exited with ${code} before printing a port`)));
  });
  expect(await accepts(port)).toBe(true);
  if (ending === 'killed') parent.kill('SIGKILL');
  return port;
}

describe('startLocalRedis', () => {
  it('serves on 127.0.0.1 and keeps data across a restart on the same port and data directory', async () => {
    const dir = join(dataDir, 'restart');
    const first = await start(dir);
    expect(first.url).toBe(`redis://127.0.0.1:${first.port}`);
    await withClient(first.url, (client) => client.set('brobygger:test:concern', 'BB-2026-0042'));
    await first.stop();
    expect(await accepts(first.port)).toBe(false);
    expect(existsSync(join(dir, 'redis.log'))).toBe(true);

    const second = await start(dir, first.port);
    expect(second.port).toBe(first.port);
    expect(await withClient(second.url, (client) => client.get('brobygger:test:concern'))).toBe('BB-2026-0042');
    await second.stop();
  });

  it('stop() is safe to call twice', async () => {
    const server = await start(join(dataDir, 'twice'));
    await server.stop();
    await expect(server.stop()).resolves.toBeUndefined();
  });

  it('fails with redis-server’s own reason when the port is taken by another server', async () => {
    const holder = await start(join(dataDir, 'holder'));
    await expect(startLocalRedis({ dataDir: join(dataDir, 'other'), port: holder.port })).rejects.toThrow(
      /before it was ready[\s\S]*in use/i,
    );
    expect(await withClient(holder.url, (client) => client.ping())).toBe('PONG');
  });

  it('refuses a data directory that a running redis-server already uses', async () => {
    const dir = join(dataDir, 'shared');
    const owner = await start(dir);
    await expect(startLocalRedis({ dataDir: dir })).rejects.toThrow(/already using/);
    expect(await withClient(owner.url, (client) => client.ping())).toBe('PONG');
  });

  it('says how to install redis-server when it is missing from PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = join(dataDir, 'no-such-bin');
    try {
      await expect(startLocalRedis({ dataDir, port: await freePort() })).rejects.toThrow(/npm run setup/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('stops the server when the process that started it exits', async () => {
    await untilClosed(await portOfServerStartedBy('exit'));
  });

  it.runIf(process.platform === 'linux')('stops the server when the process that started it is killed', async () => {
    await untilClosed(await portOfServerStartedBy('killed'));
  });
});
