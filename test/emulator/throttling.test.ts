import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { ANN, createFolder, expectGraphError, startHarness } from './harness.js';
import type { Harness } from './harness.js';

/** A sleep the test releases by hand, so latency holds concurrency slots without real waiting. */
function manualSleep() {
  const pending: (() => void)[] = [];
  return {
    pending,
    sleep: (_ms: number) => new Promise<void>((resolve) => pending.push(resolve)),
    releaseAll: () => pending.splice(0).forEach((resolve) => resolve()),
    async waitFor(count: number) {
      while (pending.length < count) await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('emulator throttling: request quota per window', () => {
  let h: Harness;
  let now = 1_700_000_000_000;
  beforeAll(async () => {
    h = await startHarness({ now: () => now, throttling: { quota: 3, windowMs: 1000 } });
  });
  afterAll(async () => {
    await h.close();
  });

  test('over quota → 429 TooManyRequests with fractional Retry-After; the window slides', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await h.call('GET', '/me/contactFolders')).status).toBe(200);
      now += 100;
    }
    const throttled = await h.call('GET', '/me/contactFolders');
    expect(throttled.headers.get('retry-after')).toBe('0.7');
    const error = await expectGraphError(throttled, 429, 'TooManyRequests', 'Please retry again later.');
    expect(error.innerError).toEqual(
      expect.objectContaining({ code: '429', status: '429', message: 'Please retry after' }),
    );

    // Another app has its own quota on the same mailbox.
    const otherApp = await h.issuer.sign({ oid: ANN.oid, preferredUsername: ANN.upn, appId: 'other-app' });
    expect((await h.call('GET', '/me/contactFolders', undefined, { token: otherApp })).status).toBe(200);

    now += 700; // the first request leaves the window
    expect((await h.call('GET', '/me/contactFolders')).status).toBe(200);
    expect((await h.call('GET', '/me/contactFolders')).status).toBe(429);
    const counters = h.emulator.counters.snapshot();
    expect(counters.throttled).toBe(2);
    expect(counters.byMailbox[ANN.oid]?.throttled).toBe(2);
  });
});

describe('emulator throttling: mailbox concurrency', () => {
  let h: Harness;
  const clock = manualSleep();
  let folder: string;
  beforeAll(async () => {
    h = await startHarness({ sleep: clock.sleep });
    folder = await createFolder(h, 'Concurrency');
    h.emulator.updateConfig({ latency: { fixedMs: 50 } });
  });
  afterAll(async () => {
    clock.releaseAll();
    await h.close();
  });

  test('a fifth concurrent request gets 429 ApplicationThrottled with Retry-After', async () => {
    const held = Array.from({ length: 4 }, () => h.call('GET', `/me/contactFolders/${folder}`));
    await clock.waitFor(4);
    const fifth = await h.call('GET', `/me/contactFolders/${folder}`);
    expect(fifth.headers.get('retry-after')).toBe('1');
    await expectGraphError(
      fifth,
      429,
      'ApplicationThrottled',
      'Application is over its MailboxConcurrency limit.',
    );
    clock.releaseAll();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  test('a batch of 10 runs 4 items at a time and does not throttle itself', async () => {
    const requests = Array.from({ length: 10 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: `/me/contactFolders/${folder}`,
    }));
    let done = false;
    let maxPending = 0;
    const pending = h.call('POST', '/$batch', { requests }).then((response) => {
      done = true;
      return response;
    });
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      maxPending = Math.max(maxPending, clock.pending.length);
      clock.releaseAll();
    }
    expect(maxPending).toBe(4);
    const { responses } = (await (await pending).json()) as { responses: { status: number }[] };
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
  });

  test('batch items beyond the slots other requests hold get 429 with Retry-After in their headers', async () => {
    const held = [
      h.call('GET', `/me/contactFolders/${folder}`),
      h.call('GET', `/me/contactFolders/${folder}`),
    ];
    await clock.waitFor(2);
    const requests = Array.from({ length: 4 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: `/me/contactFolders/${folder}`,
    }));
    const batch = h.call('POST', '/$batch', { requests });
    await clock.waitFor(4);
    clock.releaseAll();
    await Promise.all(held);
    const { responses } = (await (await batch).json()) as {
      responses: { status: number; headers: Record<string, string>; body: { error?: { code: string } } }[];
    };
    const throttled = responses.filter((r) => r.status === 429);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(2);
    expect(throttled).toHaveLength(2);
    for (const r of throttled) {
      expect(r.headers['Retry-After']).toBe('1');
      expect(r.body.error?.code).toBe('ApplicationThrottled');
    }
  });
});
