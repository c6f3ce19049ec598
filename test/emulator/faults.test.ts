import { describe, test, expect, beforeEach } from '@jest/globals';
import { ANN, createFolder, expectGraphError, jsonOf, useHarness } from './harness.js';

describe('emulator fault injection', () => {
  const h = useHarness();
  let folder: string;
  beforeEach(async () => {
    h.emulator.reset();
    h.emulator.updateConfig({ faults: { rate: 0, script: [] } });
    folder = await createFolder(h, 'Faults');
  });

  const names = async (): Promise<string[]> => {
    const list = await jsonOf(await h.call('GET', `/me/contactFolders/${folder}/contacts?$top=100`));
    return (list.value as { givenName: string }[]).map((c) => c.givenName);
  };

  test('reset: the connection dies and nothing is written', async () => {
    h.emulator.updateConfig({
      faults: { script: [{ match: { method: 'POST', urlContains: '/contacts' }, fault: 'reset' }] },
    });
    await expect(
      h.call('POST', `/me/contactFolders/${folder}/contacts`, { givenName: 'Reset' }),
    ).rejects.toThrow();
    expect(await names()).toEqual([]);
  });

  test('lostResponse: the status line and headers arrive, the body is cut off, the contact exists', async () => {
    h.emulator.updateConfig({ faults: { script: [{ match: { method: 'POST' }, fault: 'lostResponse' }] } });
    const answer = await h.call('POST', `/me/contactFolders/${folder}/contacts`, { givenName: 'Lost' });
    // Some bytes of the answer came (so a browser does not resend the POST by itself, F34)...
    expect(answer.status).toBe(201);
    expect(Number(answer.headers.get('content-length'))).toBeGreaterThan(0);
    // ...but not the whole answer: reading it fails like a dropped connection.
    await expect(answer.text()).rejects.toThrow();
    expect(await names()).toEqual(['Lost']);
    expect(h.emulator.counters.snapshot().faults).toBe(1);
  });

  test('closedUnanswered: the connection closes before any byte, the contact exists', async () => {
    h.emulator.updateConfig({
      faults: { script: [{ match: { method: 'POST' }, fault: 'closedUnanswered' }] },
    });
    await expect(
      h.call('POST', `/me/contactFolders/${folder}/contacts`, { givenName: 'Unanswered' }),
    ).rejects.toThrow();
    expect(await names()).toEqual(['Unanswered']);
  });

  test('lostResponse on an answer without a body (204) ends before its first byte', async () => {
    const created = await jsonOf(
      await h.call('POST', `/me/contactFolders/${folder}/contacts`, { givenName: 'Gone' }),
    );
    h.emulator.updateConfig({ faults: { script: [{ match: { method: 'DELETE' }, fault: 'lostResponse' }] } });
    await expect(h.call('DELETE', `/me/contacts/${String(created.id)}`)).rejects.toThrow();
    expect(await names()).toEqual([]);
  });

  test('scripted 429, 503 and 504 are consumed in order, with Retry-After where Graph sends it', async () => {
    h.emulator.updateConfig({
      faults: {
        retryAfterSeconds: 2.5,
        script: [
          { match: { urlContains: 'contactFolders' }, fault: '429' },
          { fault: '503' },
          { fault: '504', times: 2 },
        ],
      },
    });
    const first = await h.call('GET', `/me/contactFolders/${folder}`);
    expect(first.headers.get('retry-after')).toBe('2.5');
    await expectGraphError(first, 429, 'TooManyRequests');
    const second = await h.call('GET', `/me/contactFolders/${folder}`);
    expect(second.headers.get('retry-after')).toBe('2.5');
    await expectGraphError(second, 503, 'serviceNotAvailable');
    await expectGraphError(await h.call('GET', `/me/contactFolders/${folder}`), 504, 'UnknownError');
    await expectGraphError(await h.call('GET', `/me/contactFolders/${folder}`), 504, 'UnknownError');
    expect((await h.call('GET', `/me/contactFolders/${folder}`)).status).toBe(200);
    expect(h.emulator.counters.snapshot()).toEqual(expect.objectContaining({ faults: 4, throttled: 0 }));
  });

  test('random faults are deterministic for a seed', async () => {
    const run = async (): Promise<number[]> => {
      h.emulator.updateConfig({ faults: { rate: 0.3, kinds: ['503', '504'], seed: 42 } });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++)
        statuses.push((await h.call('GET', `/me/contactFolders/${folder}`)).status);
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a.filter((s) => s !== 200).length).toBeGreaterThan(3);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(10);
    expect(new Set(a)).toEqual(new Set([200, 503, 504]));
  });

  test('inside $batch a status fault hits only its item; lostResponse drops the envelope after applying', async () => {
    h.emulator.updateConfig({
      faults: { script: [{ match: { urlContains: 'nope-marker' }, fault: '503' }] },
    });
    const post = (id: string, givenName: string) => ({
      id,
      method: 'POST',
      url: `/me/contactFolders/${folder}/contacts`,
      headers: { 'content-type': 'application/json' },
      body: { givenName },
    });
    const ok = await h.call('POST', '/$batch', {
      requests: [
        post('1', 'A'),
        { id: '2', method: 'GET', url: `/me/contactFolders/${folder}?x=nope-marker` },
      ],
    });
    const { responses } = (await ok.json()) as { responses: { id: string; status: number }[] };
    expect(Object.fromEntries(responses.map((r) => [r.id, r.status]))).toEqual({ '1': 201, '2': 503 });

    h.emulator.updateConfig({
      faults: { script: [{ match: { method: 'POST', urlContains: '/contacts' }, fault: 'lostResponse' }] },
    });
    const cut = await h.call('POST', '/$batch', { requests: [post('1', 'B'), post('2', 'C')] });
    expect(cut.status).toBe(200);
    await expect(cut.json()).rejects.toThrow();
    expect((await names()).sort()).toEqual(['A', 'B', 'C']);
    const counters = h.emulator.counters.snapshot();
    expect(counters).toEqual(expect.objectContaining({ faults: 2, batchItems: 4 }));
    expect(counters.byMailbox[ANN.oid]?.batchItems).toBe(4);
  });
});
