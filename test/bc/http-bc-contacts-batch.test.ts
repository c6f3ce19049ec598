import { describe, expect, test } from '@jest/globals';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import type { WriteOutcome } from '../../src/core/ports.js';
import type { BcContact } from '../../src/core/model.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { BC_STATUS_KINDS } from '../support/bc-status-kinds.js';

const BASE = 'https://bc.example/api/v2.0';
const COMPANY = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const ID = (n: number) => `11111111-2222-4333-8444-${String(n).padStart(12, '0')}`;

interface Op {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
}
/** What the fake answers for one operation on its nth attempt (1-based). */
type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'omit';

/**
 * A BC API that answers single requests and `$batch` envelopes from `answer`, records every HTTP
 * request and each operation's attempts; nothing waits.
 */
function fakeBc(answer: (op: Op, attempt: number) => Answer, envelope?: (call: number) => Error | null) {
  const http: { method: string; url: string; ops: Op[] }[] = [];
  const attempts = new Map<string, number>();
  const sleeps: number[] = [];
  const key = (op: Op) => `${op.method} ${op.url} ${JSON.stringify(op.body ?? null)}`;
  const reply = (op: Op) => {
    const n = (attempts.get(key(op)) ?? 0) + 1;
    attempts.set(key(op), n);
    return answer(op, n);
  };
  const fetchFn = (async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
    if (url === `${BASE}/$batch`) {
      const ops = (body?.requests ?? []) as Op[];
      http.push({ method, url, ops });
      const lost = envelope?.(http.length) ?? null;
      if (lost) throw lost;
      const responses = ops.flatMap((op) => {
        const a = reply(op);
        return a === 'omit' ? [] : [{ id: op.id, status: a.status, headers: a.headers ?? {}, body: a.body }];
      });
      return Response.json({ responses });
    }
    const op: Op = { id: '-', method, url: url.slice(BASE.length + 1), headers, ...(body ? { body } : {}) };
    http.push({ method, url, ops: [op] });
    const lost = envelope?.(http.length) ?? null;
    if (lost) throw lost;
    const a = reply(op);
    if (a === 'omit') throw new Error('a single request always has an answer');
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), {
      status: a.status,
      headers: { 'content-type': 'application/json', ...a.headers },
    });
  }) as unknown as typeof fetch;
  const bc = new HttpBcContacts({
    baseUrl: BASE,
    companyId: COMPANY,
    getToken: async () => 'tok',
    fetch: fetchFn,
    sleep: async (ms) => void sleeps.push(ms),
    nowMs: () => Date.parse('2026-01-01T00:00:00Z'),
    random: () => 0,
  });
  return { bc, http, sleeps };
}

const entity = (op: Op, n = 0) => ({
  status: op.method === 'POST' ? 201 : 200,
  body: { id: ID(n), displayName: String(op.body?.displayName ?? 'x'), '@odata.etag': 'W/"1"', ...op.body },
});
const bcError = (status: number, code: string) => ({
  status,
  body: { error: { code, message: `${code} happened` } },
});
const kinds = (r: readonly WriteOutcome<BcContact>[]) => r.map((o) => (o.ok ? 'ok' : o.error.kind));

describe('HttpBcContacts: writes and lookups in $batch (issue 12 §1)', () => {
  test('k writes cost at most max(ceil(k/100), 4) requests, never one per contact', async () => {
    for (const k of [2, 9, 10, 45, 100, 250, 1000]) {
      const { bc, http } = fakeBc((op) => entity(op));
      const out = await bc.create(Array.from({ length: k }, (_, i) => bcDraft(i)));
      expect(kinds(out).every((x) => x === 'ok')).toBe(true);
      expect(http.length).toBeLessThanOrEqual(Math.max(Math.ceil(k / 100), 4));
      expect(http.every((h) => h.ops.length <= 100)).toBe(true);
      expect(http.flatMap((h) => h.ops)).toHaveLength(k);
    }
  });

  test('creates told as each envelope answers: envelopes of 4, 8, 16 … up to 100, the last few with the one before, each draft told once, as the call answers it', async () => {
    for (const k of [...Array.from({ length: 40 }, (_, i) => i + 1), 50, 101, 102, 103, 104, 250, 251, 303]) {
      const { bc, http } = fakeBc((op) =>
        op.body?.displayName === 'Contact 3' ? bcError(400, 'BadRequest') : entity(op),
      );
      const told: { at: readonly number[]; kinds: string[] }[] = [];
      const out = await bc.create(
        Array.from({ length: k }, (_, i) => bcDraft(i)),
        (at, outcomes) => told.push({ at, kinds: kinds(outcomes) }),
      );
      const sizes = http.map((h) => h.ops.length);
      const expected: number[] = [];
      for (let left = k, next = 4; left > 0; left -= expected.at(-1)!, next = Math.min(100, next * 2))
        expected.push(Math.min(left, next));
      // A last envelope of fewer than 4 goes with the one before, where both fit one $batch.
      const [last, before] = [expected.at(-1)!, expected.at(-2)];
      if (last < 4 && before !== undefined && before + last <= 100) expected.splice(-2, 2, before + last);
      expect([k, sizes]).toEqual([k, expected]);
      // Each envelope told once, with its drafts' indices in order; every draft told once.
      expect(told.map((t) => t.at.length).sort((a, b) => a - b)).toEqual([...sizes].sort((a, b) => a - b));
      expect(told.flatMap((t) => t.at).sort((a, b) => a - b)).toEqual(out.map((_, i) => i));
      for (const t of told) expect(t.kinds).toEqual(t.at.map((i) => kinds(out)[i]));
      expect(kinds(out).filter((x) => x !== 'ok')).toHaveLength(k > 3 ? 1 : 0);
    }
  });

  test("5 creates told as they answer go in one envelope, not 4 and 1 (delta-outlook-1pct at 1,000: the two queued on BC's number series)", async () => {
    const { bc, http } = fakeBc((op) => entity(op));
    await bc.create(
      Array.from({ length: 5 }, (_, i) => bcDraft(i)),
      () => undefined,
    );
    expect(http.map((h) => h.ops.length)).toEqual([5]);
  });

  test('creates without a listener go in equal envelopes, as before', async () => {
    const { bc, http } = fakeBc((op) => entity(op));
    await bc.create(Array.from({ length: 50 }, (_, i) => bcDraft(i)));
    expect(http.map((h) => h.ops.length)).toEqual([13, 13, 13, 11]);
  });

  // The same status gives the same port kind whether the write went alone or inside a $batch.
  test.each(BC_STATUS_KINDS)(
    'an operation answered %i %s is %s, alone or in a batch, and is not repeated',
    async (status, code, kind) => {
      const failing = (op: Op) => op.body?.city === 'fail';
      for (const size of [1, 3]) {
        const { bc, http } = fakeBc((op) => (failing(op) ? bcError(status, code) : entity(op)));
        const updates = Array.from({ length: size }, (_, i) => ({
          id: ID(i),
          etag: 'W/"old"',
          patch: { city: i === 0 ? 'fail' : 'ok' },
        }));
        const out = await bc.update(updates);
        expect(kinds(out)).toEqual([kind, ...Array(size - 1).fill('ok')]);
        expect(http.flatMap((h) => h.ops).filter(failing)).toHaveLength(1);
        expect(http[0]?.ops[0]?.headers?.['if-match']).toBe('W/"old"');
      }
    },
  );

  test('a throttled operation waits the longest Retry-After and goes again alone; the others are not repeated', async () => {
    const { bc, http, sleeps } = fakeBc((op, attempt) =>
      op.body?.displayName === 'Contact 1' && attempt === 1
        ? { ...bcError(429, 'TooManyRequests'), headers: { 'retry-after': '3' } }
        : entity(op),
    );
    const out = await bc.create([bcDraft(0), bcDraft(1), bcDraft(2)]);
    expect(kinds(out)).toEqual(['ok', 'ok', 'ok']);
    expect(http.map((h) => h.ops.length)).toEqual([3, 1]);
    expect(sleeps).toEqual([3000]);
    expect(bc.stats()).toEqual({ requests: 2, throttled: 1 });
  });

  const none = { status: 200, body: { value: [] } };

  test('503 on a create: looked up by its e-mail first (issue 9 §5), not found, sent again after backoff; a 429 that never ends reports throttled', async () => {
    const flaky = fakeBc((op, attempt) =>
      op.method === 'GET' ? none : attempt < 3 ? bcError(503, 'ServiceUnavailable') : entity(op),
    );
    expect(kinds(await flaky.bc.create([bcDraft(0), bcDraft(1)]))).toEqual(['ok', 'ok']);
    expect(flaky.sleeps).toEqual([125, 250]);
    expect(flaky.http.map((h) => [h.method, h.ops.length])).toEqual([
      ['POST', 2],
      ['GET', 1],
      ['POST', 2],
      ['GET', 1],
      ['POST', 2],
    ]);
    expect(flaky.http[1]?.url).toContain('email%20eq%20%27contact0%40fabrikam.com%27');
    const busy = fakeBc(() => bcError(429, 'TooManyRequests'));
    expect(kinds(await busy.bc.create([bcDraft(0), bcDraft(1)]))).toEqual(['throttled', 'throttled']);
    expect(busy.http).toHaveLength(30);
  });

  test('a batch of writes whose answer is lost: the one found by its e-mail is done, only the other is sent again', async () => {
    const found = {
      ...entity({ id: '0', method: 'POST', url: '', body: { ...bcDraft(0) } }).body,
      id: ID(7),
    };
    const { bc, http } = fakeBc(
      (op) => (op.method === 'GET' ? { status: 200, body: { value: [found] } } : entity(op)),
      (call) => (call === 1 ? new TypeError('socket hang up') : null),
    );
    const out = await bc.create([bcDraft(0), bcDraft(1)]);
    expect(kinds(out)).toEqual(['ok', 'ok']);
    expect(out[0]).toMatchObject({ ok: true, value: { id: ID(7) } });
    expect(http.map((h) => [h.method, h.ops.map((o) => o.body?.displayName ?? o.method)])).toEqual([
      ['POST', ['Contact 0', 'Contact 1']],
      ['GET', ['GET']],
      ['POST', ['Contact 1']],
    ]);
  });

  test('an operation missing from the answer is looked up; not found, it is sent again once', async () => {
    const { bc, http } = fakeBc((op, attempt) =>
      op.method === 'GET'
        ? none
        : op.body?.displayName === 'Contact 1' && attempt === 1
          ? 'omit'
          : entity(op),
    );
    expect(kinds(await bc.create([bcDraft(0), bcDraft(1)]))).toEqual(['ok', 'ok']);
    expect(http.map((h) => [h.method, h.ops.length])).toEqual([
      ['POST', 2],
      ['GET', 1],
      ['POST', 1],
    ]);
  });

  test('lookups by id and e-mail are GET operations of one batch; a lost answer to reads is sent again', async () => {
    const { bc, http } = fakeBc(
      () => ({ status: 200, body: { value: [] } }),
      (call) => (call === 1 ? new TypeError('socket hang up') : null),
    );
    const ids = Array.from({ length: 200 }, (_, i) => ID(i));
    await bc.getMany(ids);
    // 200 ids = 5 reads of 40, in one envelope; the first envelope's answer was lost, so two requests.
    expect(http.map((h) => [h.method, h.ops.length])).toEqual([
      ['POST', 5],
      ['POST', 5],
    ]);
    expect(
      http[1]?.ops.every((o) => o.method === 'GET' && o.url.includes('/contacts?%24filter=id%20eq%20')),
    ).toBe(true);
  });

  test('a failed lookup operation fails the read as the port says', async () => {
    const { bc } = fakeBc(() => bcError(400, 'BadRequest'));
    await expect(bc.findByEmails(Array.from({ length: 30 }, (_, i) => `p${i}@x.test`))).rejects.toMatchObject(
      {
        kind: 'invalid',
      },
    );
  });
});
