import { describe, expect, test } from '@jest/globals';
import { BcApiError } from '../../src/bc/bc-api-error.js';
import { parseRetryAfter } from '../../src/platform/retry-policy.js';
import { PortFailure } from '../../src/core/ports.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { jsonAnswer, scriptedBc } from './scripted-bc.js';
import { BC_STATUS_KINDS } from '../support/bc-status-kinds.js';

const BASE = 'https://bc.example/api/v2.0';
const CONTACT = { id: '11111111-2222-4333-8444-555555555555', displayName: 'A', '@odata.etag': 'W/"x"' };

type Step = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

/** A fetch that answers from a script and records what was asked; nothing waits. */
function scripted(steps: Step[]) {
  const calls: { method: string; url: string; headers: Record<string, string> }[] = [];
  const sleeps: number[] = [];
  const fetchFn = (async (url: string, init?: RequestInit) => {
    calls.push({
      method: init?.method ?? 'GET',
      url,
      headers: (init?.headers ?? {}) as Record<string, string>,
    });
    const step = steps.length > 1 ? steps.shift()! : steps[0]!;
    if (step instanceof Error) throw step;
    return jsonAnswer(step.status, step.body, step.headers);
  }) as unknown as typeof fetch;
  const bc = scriptedBc(BASE, fetchFn, {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    nowMs: () => Date.parse('2026-01-01T00:00:00Z'),
  });
  return { bc, calls, sleeps };
}

const bcError = (code: string) => ({ error: { code, message: `${code} happened` } });

describe('HttpBcContacts: retries and error kinds', () => {
  test('429 with Retry-After is waited out, then the read succeeds', async () => {
    const { bc, calls, sleeps } = scripted([
      { status: 429, body: bcError('TooManyRequests'), headers: { 'retry-after': '2' } },
      {
        status: 429,
        body: bcError('TooManyRequests'),
        headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' },
      },
      { status: 200, body: { value: [CONTACT] } },
    ]);
    const all = await bc.listAll();
    expect(all.map((c) => c.etag)).toEqual(['W/"x"']);
    expect(sleeps).toEqual([2000, 3000]);
    expect(bc.stats()).toEqual({ requests: 3, throttled: 2 });
    expect(calls[0]!.headers.authorization).toBe('Bearer tok');
    expect(calls[0]!.headers.prefer).toBe('odata.maxpagesize=1000');
  });

  test('a read that keeps failing with 503 backs off exponentially, then fails as unavailable', async () => {
    const { bc, calls, sleeps } = scripted([{ status: 503, body: bcError('ServiceUnavailable') }]);
    const e = await bc.countriesRegions().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PortFailure);
    expect(e).toMatchObject({ kind: 'unavailable' });
    // The shared policy (src/platform/retry-policy.ts): 6 attempts, backoff from 250 ms (jitter 0 → half).
    expect(calls).toHaveLength(6);
    expect(sleeps).toEqual([125, 250, 500, 1000, 2000]);
  });

  test('a write that stays throttled reports throttled', async () => {
    const { bc } = scripted([{ status: 429, body: bcError('TooManyRequests') }]);
    expect(await bc.create([bcDraft(1)])).toEqual([
      {
        ok: false,
        error: {
          kind: 'throttled',
          message: 'TooManyRequests: TooManyRequests happened',
          status: 429,
          serviceCode: 'TooManyRequests',
        },
      },
    ]);
  });

  test.each(BC_STATUS_KINDS)('%i %s → %s, no retry', async (status, code, kind) => {
    const { bc, calls } = scripted([{ status, body: bcError(code) }]);
    const [r] = await bc.update([{ id: CONTACT.id, etag: 'W/"old"', patch: { city: 'x' } }]);
    expect(r).toMatchObject({ ok: false, error: { kind } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers['if-match']).toBe('W/"old"');
    expect(calls[0]!.method).toBe('PATCH');
  });

  test('a lost connection on a write is checked before anything is sent again; a failed check leaves it unknownOutcome, not repeated', async () => {
    const { bc, calls } = scripted([new TypeError('fetch failed')]);
    const [r] = await bc.update([{ id: CONTACT.id, etag: '*', patch: { city: 'x' } }]);
    expect(r).toMatchObject({ ok: false, error: { kind: 'unknownOutcome' } });
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
    // The check is a read by id (retried as reads are), never the write again.
    expect(calls.slice(1).every((c) => c.method === 'GET' && c.url.includes('id%20eq%20'))).toBe(true);
  });

  test('a refused connection never reached the server: retried, then unavailable', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const { bc, calls } = scripted([refused]);
    const [r] = await bc.create([bcDraft(1)]);
    expect(r).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(calls).toHaveLength(6);
  });

  test('a lost connection on a read is retried', async () => {
    const { bc } = scripted([new TypeError('socket hang up'), { status: 200, body: { value: [CONTACT] } }]);
    expect((await bc.listAll()).map((c) => c.id)).toEqual([CONTACT.id]);
  });

  test('a nextLink to another origin is refused (the token would go along)', async () => {
    const { bc } = scripted([
      { status: 200, body: { value: [CONTACT], '@odata.nextLink': 'https://evil.example/x' } },
    ]);
    await expect(bc.listAll()).rejects.toMatchObject({ kind: 'unavailable' });
  });

  test('BcApiError and Retry-After parsing', () => {
    expect(new BcApiError(0, 'NetworkError', 'x').kind(false)).toBe('unavailable');
    expect(new BcApiError(0, 'NetworkError', 'x').kind(true)).toBe('unknownOutcome');
    expect(new BcApiError(0, 'ConnectionRefused', 'x').kind(true)).toBe('unavailable');
    expect(parseRetryAfter('1.5', 0)).toBe(1500);
    expect(parseRetryAfter('-3', 0)).toBeNull();
    expect(parseRetryAfter(null, 0)).toBeNull();
  });
});
