/**
 * A fake Slack Web API: a real HTTP server on 127.0.0.1 (free port) that answers the methods
 * Brobygger calls the way Slack does (HTTP 200 with ok/error, 429 + Retry-After when told to),
 * and records every call so tests can assert what a person would have seen.
 *
 *   const slack = await startFakeSlack({ users: [{ id: 'U1', realName: 'Jens', email: 'j@x.dk' }] });
 *   env SLACK_API_URL = slack.apiUrl            // http://127.0.0.1:PORT/api/
 *   slack.rateLimit('chat.postMessage', 1, 1)   // next call: 429, Retry-After: 1
 *   await slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'C1')
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlackUser {
  id: string;
  teamId?: string;
  name?: string;
  realName?: string;
  email?: string;
  locale?: string;
  isBot?: boolean;
}

export interface SlackCall {
  method: string;
  /** Arguments as the WebClient sent them, with JSON-encoded fields (blocks, view…) decoded. */
  args: Record<string, unknown>;
  token?: string;
  /** What the fake answered. */
  status: number;
  response: Record<string, unknown>;
  at: number;
}

/** A channel conversations.info knows; unknown channels answer channel_not_found. */
export interface FakeSlackChannel {
  id: string;
  isMember?: boolean;
  isArchived?: boolean;
}

export interface FakeSlackOptions {
  channels?: FakeSlackChannel[];
  token?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  users?: FakeSlackUser[];
}

export interface FakeSlack {
  url: string;
  /** Base URL for SLACK_API_URL / WebClient slackApiUrl (ends with /api/). */
  apiUrl: string;
  calls(method?: string): SlackCall[];
  /**
   * The next `times` calls of `method` answer HTTP 429 `ratelimited` with Retry-After seconds;
   * with `channel`, only calls to that channel count.
   */
  rateLimit(method: string, times: number, retryAfterSeconds?: number, channel?: string): void;
  /** The next `times` calls of `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string, times?: number): void;
  addUser(user: FakeSlackUser): void;
  /** Adds or changes a channel for conversations.info. */
  setChannel(channel: FakeSlackChannel): void;
  waitForCall(method: string, predicate?: (call: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  reset(): void;
  close(): Promise<void>;
}

const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata'];

function decodeArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.includes(key)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        /* keep the raw string */
      }
    }
    args[key] = value;
  }
  return args;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const teamId = options.teamId ?? 'T0FAKE0001';
  const botUserId = options.botUserId ?? 'U0BOT00001';
  const botId = options.botId ?? 'B0BOT00001';
  const users = new Map<string, FakeSlackUser>((options.users ?? []).map((u) => [u.id, u]));
  let calls: SlackCall[] = [];
  let rateLimits = new Map<string, { times: number; retryAfter: number; channel?: string }>();
  let failures = new Map<string, { times: number; error: string }>();
  const channels = new Map<string, FakeSlackChannel>((options.channels ?? []).map((c) => [c.id, c]));
  let tsCounter = 0;
  let viewCounter = 0;
  const waiters = new Set<() => void>();

  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;
  const dmChannel = (userId: string) => `D${userId.replace(/^[UW]/, '')}`;
  const channelOf = (channel: unknown) => {
    const c = String(channel ?? '');
    return /^[UW]/.test(c) ? dmChannel(c) : c;
  };

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'brobygger', team_id: teamId, user_id: botUserId, bot_id: botId };
      case 'chat.postMessage': {
        if (!args.channel) return { ok: false, error: 'channel_not_found' };
        if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
        const ts = nextTs();
        const channel = channelOf(args.channel);
        return {
          ok: true,
          channel,
          ts,
          message: { type: 'message', text: args.text, blocks: args.blocks, ts, bot_id: botId, user: botUserId },
        };
      }
      case 'chat.update':
        if (!args.channel || !args.ts) return { ok: false, error: 'message_not_found' };
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        if (!args.channel || !args.user) return { ok: false, error: 'channel_not_found' };
        return { ok: true, message_ts: nextTs() };
      case 'views.open':
      case 'views.update':
      case 'views.publish': {
        if (method === 'views.open' && !args.trigger_id) return { ok: false, error: 'invalid_trigger_id' };
        const view = (typeof args.view === 'object' && args.view) || {};
        const id = method === 'views.update' && args.view_id ? String(args.view_id) : `V${String(++viewCounter).padStart(8, '0')}`;
        return { ok: true, view: { id, team_id: teamId, ...view, state: { values: {} }, hash: `${Date.now()}.fake` } };
      }
      case 'users.info': {
        const user = users.get(String(args.user ?? ''));
        if (!user) return { ok: false, error: 'user_not_found' };
        const realName = user.realName ?? user.name ?? user.id;
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: user.teamId ?? teamId,
            name: user.name ?? user.id.toLowerCase(),
            real_name: realName,
            is_bot: user.isBot ?? false,
            ...(args.include_locale === 'true' || args.include_locale === true ? { locale: user.locale ?? 'da-DK' } : {}),
            profile: { real_name: realName, display_name: user.name ?? '', ...(user.email ? { email: user.email } : {}) },
          },
        };
      }
      case 'conversations.info': {
        const channel = channels.get(String(args.channel ?? ''));
        if (!channel) return { ok: false, error: 'channel_not_found' };
        return { ok: true, channel: { id: args.channel, is_channel: true, is_archived: channel.isArchived ?? false, is_member: channel.isMember ?? true } };
      }
      case 'conversations.open': {
        const target = String(args.users ?? '').split(',')[0];
        if (!target) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: dmChannel(target) } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/api\/([\w.]+)$/.exec(req.url?.split('?')[0] ?? '');
    const raw = await readBody(req);
    if (req.method !== 'POST' || !match) {
      res.writeHead(404).end();
      return;
    }
    const method = match[1]!;
    const args = decodeArgs(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;

    let status = 200;
    let response: Record<string, unknown>;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    const limit = rateLimits.get(method);
    const failure = failures.get(method);
    if (limit && limit.times > 0 && (!limit.channel || args.channel === limit.channel)) {
      limit.times -= 1;
      status = 429;
      headers['retry-after'] = String(limit.retryAfter);
      response = { ok: false, error: 'ratelimited' };
    } else if (options.token && token !== options.token) {
      response = { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
    } else if (failure && failure.times > 0) {
      failure.times -= 1;
      response = { ok: false, error: failure.error };
    } else {
      response = answer(method, args);
    }
    calls.push({ method, args, token, status, response, at: Date.now() });
    for (const wake of [...waiters]) wake();
    res.writeHead(status, headers).end(JSON.stringify(response));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const calledWith = (method: string, predicate?: (call: SlackCall) => boolean) =>
    calls.find((c) => c.method === method && c.status === 200 && c.response.ok === true && (!predicate || predicate(c)));

  return {
    url,
    apiUrl: `${url}/api/`,
    calls: (method) => (method ? calls.filter((c) => c.method === method) : [...calls]),
    rateLimit(method, times, retryAfterSeconds = 1, channel) {
      rateLimits.set(method, { times, retryAfter: retryAfterSeconds, ...(channel ? { channel } : {}) });
    },
    failNext(method, error, times = 1) {
      failures.set(method, { times, error });
    },
    addUser(user) {
      users.set(user.id, user);
    },
    waitForCall(method, predicate, timeoutMs = 10_000) {
      const found = calledWith(method, predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no successful ${method} call matched within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          const hit = calledWith(method, predicate);
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit);
        };
        waiters.add(check);
      });
    },
    setChannel(channel) {
      channels.set(channel.id, channel);
    },
    reset() {
      calls = [];
      rateLimits = new Map();
      failures = new Map();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
