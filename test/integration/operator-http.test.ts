/**
 * What an operator reaches over HTTP besides the platform endpoints: the public pages the Teams
 * package links to, the queue board behind basic auth, and /metrics with standard names.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/app/http-server.js';
import { startTestService, type TestService } from '../support/service.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('with ADMIN_PASSWORD set', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ env: { ADMIN_PASSWORD: 'kø-nøgle', ADMIN_USER: 'drift' } });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('GET / names the bot and the municipality and links the privacy and terms pages', async () => {
    const response = await fetch(`${service.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<h1>Brobygger</h1>');
    expect(html).toContain('Brobygger er Nordfjord Kommunes chatbot i Slack og Microsoft Teams.');
    expect(html).toContain('<a href="privacy?lang=da">Privatlivspolitik</a>');
    expect(html).toContain('<a href="terms?lang=da">Vilkår for brug</a>');
  });

  it('serves the privacy and terms pages in Danish by default and in English on ?lang=en', async () => {
    const privacy = await fetch(`${service.baseUrl}/privacy`);
    expect(privacy.status).toBe(200);
    expect(await privacy.text()).toContain('Dataansvarlig er Nordfjord Kommune.');
    const terms = await (await fetch(`${service.baseUrl}/terms?lang=en`)).text();
    expect(terms).toContain('<h1>Terms of use</h1>');
    expect(terms).toContain('not for emergencies: call 112');
  });

  it('answers the queue board 401 without credentials, with a wrong password or a wrong user', async () => {
    const none = await fetch(`${service.baseUrl}/admin/queues`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="Brobygger queues"/);
    expect((await fetch(`${service.baseUrl}/admin/queues`, { headers: { authorization: basic('drift', 'forkert') } })).status).toBe(401);
    expect((await fetch(`${service.baseUrl}/admin/queues`, { headers: { authorization: basic('admin', 'kø-nøgle') } })).status).toBe(401);
  });

  it('shows the board, with every queue, to the admin user', async () => {
    const auth = { authorization: basic('drift', 'kø-nøgle') };
    const page = await fetch(`${service.baseUrl}/admin/queues`, { headers: auth });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Brobygger</title>');
    const api = await fetch(`${service.baseUrl}/admin/queues/api/queues`, { headers: auth });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['escalate', 'metrics', 'notify', 'route']);
  });

  it('/metrics: prom-client standard names, requests by route pattern and status, durations', async () => {
    await fetch(`${service.baseUrl}/healthz`);
    await fetch(`${service.baseUrl}/no/such/page?id=123`);
    const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(text).not.toContain('brobygger_process_');
    expect(text).toContain('http_requests_total{method="GET",route="/healthz",status="200"} 1');
    expect(text).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toContain('http_requests_total{method="GET",route="/admin/queues/*",status="401"} 3');
    expect(text).not.toContain('/no/such/page');
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/healthz"\} 1$/m);
    expect(text).toContain('# TYPE brobygger_delivery_errors_total counter');
  });
});

describe('without ADMIN_PASSWORD', () => {
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    const metrics = { contentType: 'text/plain', text: async () => '', observeRequest: () => {} };
    const app = createHttpApp({ logger: pino({ level: 'silent' }), metrics, ready: async () => {} });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('has no queue board: 404, with or without credentials', async () => {
    expect((await fetch(`${baseUrl}/admin/queues`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/admin/queues`, { headers: { authorization: basic('admin', 'admin') } })).status).toBe(404);
  });
});
