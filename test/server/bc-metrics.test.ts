import { describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { defaultBcSource } from '../../src/server/bc-api/default-source.js';
import { TenantApi } from '../../src/server/bc-api/upstream-api.js';
import { loadConfig } from '../../src/server/config.js';
import type { FacadeContext } from '../../src/server/context.js';
import { bcOperation, createRunMetrics } from '../../src/server/observability.js';

// Issue 12 §3: /metrics counts the requests to the upstream Business Central tenant and its 429s, by
// operation (bc_api_requests_total, bc_api_throttled_total).

/** The value of one sample (`name{labels} value`) of the metrics text, 0 when absent. */
function sample(text: string, name: string, operation: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{operation="${operation}"} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('BC API metrics', () => {
  test.each([
    ['GET', '/companies(1)/contacts', 'read'],
    ['POST', '/$batch', 'batch'],
    ['POST', '/companies(1)/contacts', 'create'],
    ['PATCH', '/companies(1)/contacts(2)', 'update'],
    ['DELETE', '/companies(1)/contacts(2)', 'delete'],
    ['PUT', '/companies(1)/contacts(2)', 'other'],
  ])('%s %s is the operation %s', (method, path, operation) => {
    expect(bcOperation(method, path)).toBe(operation);
  });

  test('every request to the tenant is counted by operation, a 429 also as throttled, no answer too', async () => {
    const metrics = createRunMetrics();
    const answers: Array<() => Response> = [
      () => Response.json({ value: [] }),
      () => Response.json({ error: { code: 'TooManyRequests', message: 'slow down' } }, { status: 429 }),
      () => Response.json({ id: 'x' }, { status: 201 }),
      () => {
        throw new TypeError('fetch failed');
      },
    ];
    const api = new TenantApi({
      apiRoot: 'https://bc.example/t/production/api/v2.0',
      getToken: async () => 'token',
      fetch: async () => answers.shift()!(),
      onAnswer: metrics.observeBcAnswer,
    });
    await api.call('GET', '/companies(1)/contacts');
    await expect(api.call('GET', '/companies(1)/contacts')).rejects.toMatchObject({ status: 429 });
    await api.call('POST', '/companies(1)/contacts', { body: { displayName: 'A' } });
    await expect(api.call('PATCH', '/companies(1)/contacts(2)', { body: {} })).rejects.toMatchObject({
      status: 502,
    });
    const text = await metrics.registry.metrics();
    expect(sample(text, 'bc_api_requests_total', 'read')).toBe(2);
    expect(sample(text, 'bc_api_throttled_total', 'read')).toBe(1);
    expect(sample(text, 'bc_api_requests_total', 'create')).toBe(1);
    expect(sample(text, 'bc_api_throttled_total', 'create')).toBe(0);
    expect(sample(text, 'bc_api_requests_total', 'update')).toBe(1);
  });

  test("the facade's upstream source (BC_* set) reports to the context's counter: /metrics sees the pane's and runs' BC calls", async () => {
    const loaded = loadConfig({
      HTTPS: '0',
      BC_TENANT_ID: 'contoso',
      BC_ENVIRONMENT: 'production',
      BC_CLIENT_ID: 'facade',
      BC_CLIENT_SECRET: 'secret',
      BC_BASE_URL: 'https://bc.example',
    });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const metrics = createRunMetrics();
    const ctx = {
      config: loaded.config,
      stateStore: new MemorySyncStateStore(),
      clock: new ManualClock(),
      logger: silentLogger,
      onBcAnswer: metrics.observeBcAnswer,
    } as unknown as FacadeContext;
    const source = defaultBcSource(ctx, {
      fetch: async (input) =>
        new URL(String(input)).hostname === 'bc.example'
          ? Response.json({ value: [] })
          : Response.json({ access_token: 'token', token_type: 'Bearer', expires_in: 3600 }),
    });
    expect(await source.listCompanies()).toEqual([]);
    expect(sample(await metrics.registry.metrics(), 'bc_api_requests_total', 'read')).toBe(1);
  });
});
