import { describe, expect, test } from '@jest/globals';
import { NOT_SENT_AGAIN } from '../../src/bc/bc-api-error.js';
import { BcHttp } from '../../src/bc/bc-http.js';
import type { BcContact } from '../../src/core/model.js';
import type { SendAgain, WriteOutcome } from '../../src/core/ports.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { applyOn, ROWS_BASE, rowId } from './bc-rows.js';
import type { Op, Row } from './bc-rows.js';
import { scriptedBc } from './scripted-bc.js';

/*
 * Every way the BC adapter sends a write again by itself (bc-batch.ts runBatch) asks the caller's
 * SendAgain first: the caller checked its lease and create turn once, before the first send, and
 * the resend comes after a wait in which it may have stalled past them (crash-hosts model seed 33:
 * a create answered 429, the run paused, another host took the turn and made the contact, then the
 * adapter's resend made a second). Table: each cause of a resend × create/update × alone/`$batch`
 * × the caller's answer. Not asked when nothing is sent again.
 */

const BASE = ROWS_BASE;
const ID = rowId;

/** How the first request carrying writes fails; none of its writes is applied. */
type Cause = 'answered 429' | 'connection refused' | 'answer lost' | 'answered 503';
const CAUSES: readonly Cause[] = ['answered 429', 'connection refused', 'answer lost', 'answered 503'];

const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
const reset = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
const errorAnswer = (status: number): { status: number; headers: Record<string, string>; body: Row } => ({
  status,
  headers: status === 429 ? { 'retry-after': '1' } : {},
  body: { error: { code: `Http${status}`, message: `injected ${status}` } },
});

/** A BC API holding `seeded` contacts whose first request of writes fails as `cause` says. */
function bcThatRefusesFirst(cause: Cause, seeded: number) {
  const rows: Row[] = Array.from({ length: seeded }, (_, k) => ({
    id: ID(k),
    '@odata.etag': 'W/"1"',
    ...bcDraft(k),
  }));
  let writesSent = 0;
  const apply = applyOn(rows);
  /** The first request of writes: thrown, or each of its operations' answer (nothing applied). */
  const fail = (): { status: number; headers?: Record<string, string>; body: Row } => {
    if (cause === 'connection refused') throw refused();
    if (cause === 'answer lost') throw reset();
    return errorAnswer(cause === 'answered 429' ? 429 : 503);
  };
  const fetchFn = (async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const body = init?.body ? (JSON.parse(String(init.body)) as Row) : undefined;
    if (url === `${BASE}/$batch`) {
      const ops = (body?.requests ?? []) as Op[];
      const writes = ops.some((o) => o.method !== 'GET');
      const first = writes && ++writesSent === 1;
      return Response.json({
        responses: ops.map((op) => ({ id: op.id, headers: {}, ...(first ? fail() : apply(op)) })),
      });
    }
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const op: Op = { id: '-', method, url: url.slice(BASE.length + 1), headers, ...(body ? { body } : {}) };
    const a: { status: number; headers?: Record<string, string>; body: Row } =
      method !== 'GET' && ++writesSent === 1 ? fail() : apply(op);
    return Response.json(a.body, { status: a.status, headers: a.headers ?? {} });
  }) as unknown as typeof fetch;
  const bc = scriptedBc(BASE, fetchFn, { nowMs: () => Date.parse('2026-01-01T00:00:00Z') });
  return { bc, rows, writesSent: () => writesSent };
}

type Answer = 'true' | 'false' | 'throws';
const ANSWERS: readonly Answer[] = ['true', 'false', 'throws'];

/** The caller's SendAgain answering `answer`, and how often it was asked. */
function caller(answer: Answer): { again: SendAgain; asked: () => number } {
  let asked = 0;
  const again: SendAgain = async () => {
    asked++;
    if (answer === 'throws') throw new Error('the lease was lost');
    return answer === 'true';
  };
  return { again, asked: () => asked };
}

const outcomes = (r: readonly WriteOutcome<BcContact>[]) =>
  r.map((o) => (o.ok ? 'ok' : `${o.error.kind} ${o.error.serviceCode ?? ''}`));

const CASES = CAUSES.flatMap((cause) =>
  [1, 2].flatMap((n) => ANSWERS.map((answer) => [cause, n, answer] as const)),
);

describe('BC writes the adapter sends again go only when the caller says it still holds its lease and turn', () => {
  test.each(CASES)('creates, %s, %i draft(s), caller answers %s', async (cause, n, answer) => {
    const { bc, rows, writesSent } = bcThatRefusesFirst(cause, 0);
    const { again, asked } = caller(answer);
    const drafts = Array.from({ length: n }, (_, k) => bcDraft(k));
    const out = await bc.create(drafts, undefined, again);
    expect(asked()).toBe(1);
    if (answer === 'true') {
      expect(outcomes(out)).toEqual(drafts.map(() => 'ok'));
      expect(drafts.map((d) => rows.filter((r) => r.email === d.email).length)).toEqual(drafts.map(() => 1));
      expect(writesSent()).toBe(2);
    } else {
      // Not sent again: nothing reached BC, so nothing was applied (not an unknown outcome).
      expect(outcomes(out)).toEqual(drafts.map(() => `unavailable ${NOT_SENT_AGAIN}`));
      expect(rows).toEqual([]);
      expect(writesSent()).toBe(1);
    }
  });

  test.each(CASES)('updates, %s, %i contact(s), caller answers %s', async (cause, n, answer) => {
    const { bc, rows, writesSent } = bcThatRefusesFirst(cause, n);
    const { again, asked } = caller(answer);
    const before = rows.map((r) => r.city);
    const updates = rows.map((r) => ({ id: String(r.id), etag: 'W/"1"', patch: { city: 'Aarhus' } }));
    const out = await bc.update(updates, again);
    expect(asked()).toBe(1);
    expect(outcomes(out)).toEqual(
      updates.map(() => (answer === 'true' ? 'ok' : `unavailable ${NOT_SENT_AGAIN}`)),
    );
    expect(rows.map((r) => r.city)).toEqual(answer === 'true' ? updates.map(() => 'Aarhus') : before);
    expect(writesSent()).toBe(answer === 'true' ? 2 : 1);
  });

  test('nothing sent again: the caller is not asked (its check before the call stands)', async () => {
    const { bc, rows } = bcThatRefusesFirst('answered 429', 0);
    // The first request of writes goes elsewhere: a seeded row's update takes the fault.
    rows.push({ id: ID(9), '@odata.etag': 'W/"1"', ...bcDraft(9) });
    const first = caller('true');
    await bc.update([{ id: ID(9), etag: 'W/"1"', patch: { city: 'Aarhus' } }], first.again);
    const { again, asked } = caller('false');
    expect(outcomes(await bc.create([bcDraft(1), bcDraft(2)], undefined, again))).toEqual(['ok', 'ok']);
    expect(asked()).toBe(0);
  });
});

/*
 * Below runBatch: BcHttp.send retries what it is given (reads). A write given to it was sent again
 * after a 429's wait or a refused connection, asking nobody (folderlease: no caller passes one
 * today, so the path is closed rather than left to the next caller). Each write method × each
 * failure after which send sends a read again: the write is sent once, the failure thrown for
 * runBatch to decide (it checks, and asks SendAgain).
 */
describe('BcHttp.send never sends a write again by itself', () => {
  const FAILURES = ['answered 429', 'connection refused'] as const;
  const ROWS = (['POST', 'PATCH', 'DELETE'] as const).flatMap((method) =>
    FAILURES.map((failure) => [method, failure] as const),
  );
  test.each(ROWS)('%s, %s: sent once', async (method, failure) => {
    let sent = 0;
    const http = new BcHttp({
      baseUrl: BASE,
      getToken: async () => 't',
      sleep: async () => undefined,
      random: () => 0.5,
      fetch: (async () => {
        sent++;
        if (failure === 'connection refused') throw refused();
        const a = errorAnswer(429);
        return Response.json(a.body, { status: a.status, headers: a.headers });
      }) as unknown as typeof fetch,
    });
    const url = `${BASE}/companies(c1)/contacts(${ID(1)})`;
    await expect(
      http.send(method, url, method === 'DELETE' ? undefined : { city: 'Aarhus' }, {}),
    ).rejects.toMatchObject({
      status: failure === 'answered 429' ? 429 : 0,
    });
    expect(sent).toBe(1);
  });
});
