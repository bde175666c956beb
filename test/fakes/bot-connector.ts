/**
 * A fake Bot Connector (the Teams side of the Bot Framework REST API v3) on 127.0.0.1 and a free
 * port. It records what the bot sends and answers like Teams does in the recorded traffic
 * (201 {"id": …}); on demand it answers 429 (with Retry-After) or 503 instead.
 *
 *   const connector = await startFakeBotConnector();
 *   activity.serviceUrl = connector.serviceUrl;          // e.g. http://127.0.0.1:40123/amer/
 *   const card = await connector.waitFor((c) => c.kind === 'send' && c.conversationId === channel);
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ConnectorCallKind =
  /** SendToConversation: POST …/v3/conversations/{id}/activities */
  | 'send'
  /** ReplyToActivity: POST …/v3/conversations/{id}/activities/{replyToId} */
  | 'reply'
  /** UpdateActivity: PUT …/v3/conversations/{id}/activities/{activityId} */
  | 'update'
  /** CreateConversation: POST …/v3/conversations */
  | 'create_conversation'
  | 'other';

export interface ConnectorCall {
  kind: ConnectorCallKind;
  method: string;
  path: string;
  /** Decoded conversation id from the path. */
  conversationId?: string;
  /** Decoded activity id from the path: replyToId for 'reply', the updated message for 'update'. */
  activityId?: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** What the fake answered. */
  status: number;
  /** The id it gave the new message or conversation. */
  responseId?: string;
}

export interface FailureOptions {
  /** How many calls in a row get the failure (default 1). */
  times?: number;
  retryAfterSeconds?: number;
  /** Only calls of these kinds fail (default: any). */
  kinds?: ConnectorCallKind[];
  /** The error code in the body (default TooManyRequests / ServiceUnavailable), e.g. BotNotInConversationRoster. */
  code?: string;
}

export interface FakeBotConnector {
  /** Base URL to use as an activity's serviceUrl (ends with "/", with a region path like Teams'). */
  serviceUrl: string;
  calls: ConnectorCall[];
  /** The next matching call(s) are answered with this status instead of success. */
  failNext(status: number, options?: FailureOptions): void;
  /** Resolves with the first recorded call matching, waiting for it if needed. */
  waitFor(predicate: (call: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  /** Adaptive Card contents of a recorded call's activity. */
  cardsOf(call: ConnectorCall): Record<string, unknown>[];
  reset(): void;
  close(): Promise<void>;
}

const ROUTE = /^(?:.*?)\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/;

function classify(method: string, path: string): Pick<ConnectorCall, 'kind' | 'conversationId' | 'activityId'> {
  const match = ROUTE.exec(path.split('?')[0] ?? '');
  if (!match) return { kind: 'other' };
  const [, conversation, activity] = match;
  const conversationId = conversation ? decodeURIComponent(conversation) : undefined;
  const activityId = activity ? decodeURIComponent(activity) : undefined;
  if (method === 'POST' && !conversationId) return { kind: 'create_conversation' };
  if (method === 'POST' && conversationId && !activityId) return { kind: 'send', conversationId };
  if (method === 'POST' && conversationId && activityId) return { kind: 'reply', conversationId, activityId };
  if (method === 'PUT' && conversationId && activityId) return { kind: 'update', conversationId, activityId };
  return { kind: 'other', ...(conversationId ? { conversationId } : {}), ...(activityId ? { activityId } : {}) };
}

export async function startFakeBotConnector(options: { region?: string } = {}): Promise<FakeBotConnector> {
  const calls: ConnectorCall[] = [];
  const failures: { status: number; remaining: number; code?: string; retryAfterSeconds?: number; kinds?: ConnectorCallKind[] }[] = [];
  const waiters: { predicate: (call: ConnectorCall) => boolean; resolve: (call: ConnectorCall) => void }[] = [];
  let counter = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        body = { unparsable: raw };
      }
      const call: ConnectorCall = { ...classify(method, path), method, path, body, headers: req.headers, status: 0 };
      const failure = failures.find((f) => f.remaining > 0 && (!f.kinds || f.kinds.includes(call.kind)));
      const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        call.status = status;
        calls.push(call);
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
        for (const waiter of [...waiters]) {
          if (waiter.predicate(call)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(call);
          }
        }
      };
      if (failure) {
        failure.remaining -= 1;
        const headers: Record<string, string> = failure.retryAfterSeconds !== undefined ? { 'Retry-After': String(failure.retryAfterSeconds) } : {};
        answer(failure.status, { error: { code: failure.code ?? (failure.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable'), message: 'fake connector failure' } }, headers);
        return;
      }
      counter += 1;
      switch (call.kind) {
        case 'send':
        case 'reply':
          call.responseId = `1:fake-activity-${counter}`;
          return answer(201, { id: call.responseId });
        case 'update':
          call.responseId = call.activityId;
          return answer(200, { id: call.activityId });
        case 'create_conversation':
          call.responseId = `a:fake-conversation-${counter}`;
          return answer(201, { id: call.responseId });
        default:
          return answer(404, { error: { code: 'NotFound', message: `fake connector has no ${method} ${path}` } });
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const region = options.region ?? 'amer';

  return {
    serviceUrl: `http://127.0.0.1:${port}/${region}/`,
    calls,
    failNext(status, opts = {}) {
      failures.push({ status, remaining: opts.times ?? 1, ...(opts.code ? { code: opts.code } : {}), ...(opts.retryAfterSeconds !== undefined ? { retryAfterSeconds: opts.retryAfterSeconds } : {}), ...(opts.kinds ? { kinds: opts.kinds } : {}) });
    },
    waitFor(predicate, timeoutMs = 15_000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (call: ConnectorCall) => {
            clearTimeout(timer);
            resolve(call);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`fake Bot Connector: no matching call within ${timeoutMs} ms (got ${calls.map((c) => `${c.kind} ${c.conversationId ?? ''}`).join(', ') || 'none'})`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    cardsOf(call) {
      const attachments = Array.isArray(call.body.attachments) ? (call.body.attachments as { contentType?: string; content?: unknown }[]) : [];
      return attachments
        .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive' && a.content && typeof a.content === 'object')
        .map((a) => a.content as Record<string, unknown>);
    },
    reset() {
      calls.length = 0;
      failures.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
