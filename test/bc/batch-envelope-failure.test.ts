import { describe, expect, test } from '@jest/globals';
import { CallTimeoutError } from '../../src/platform/call-timeout-error.js';
import type { WriteOutcome } from '../../src/core/ports.js';
import type { BcContact } from '../../src/core/model.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { applyOn, ROWS_BASE, rowId } from './bc-rows.js';
import type { Op, Row } from './bc-rows.js';
import { scriptedBc } from './scripted-bc.js';

/*
 * A `$batch` of writes whose envelope fails (a 5xx for the whole batch, a timeout, a reset
 * connection, an unreadable body) after BC ran some of its operations: BC runs a batch without
 * atomicity group one operation after another, each committed on its own (the facade too, a
 * gathered run of creates in one insert). Each write's outcome is unknown and is checked before it
 * is sent again (bc-batch.ts lostWithEnvelope → checkWrites): applied ones are answered with the
 * contact BC holds, the rest are sent again, and every draft ends as exactly one BC contact.
 */

const BASE = ROWS_BASE;
const ID = rowId;

/** How the first write envelope fails once BC applied its first `applied` operations. */
type Failure = { status: number; body: string } | { thrown: () => Error };

const errorBody = (code: string) => JSON.stringify({ error: { code, message: `${code} happened` } });
const reset = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });

const FAILURES: readonly [string, Failure][] = [
  ['500 for the envelope', { status: 500, body: errorBody('Internal_ServerError') }],
  ['502 for the envelope', { status: 502, body: errorBody('BadGateway') }],
  ['503 for the envelope', { status: 503, body: errorBody('ServiceUnavailable') }],
  ['504 for the envelope', { status: 504, body: errorBody('GatewayTimeout') }],
  ['a timeout (the call deadline aborted it)', { thrown: () => new CallTimeoutError(60_000) }],
  ['an abort not asked by the run', { thrown: () => new DOMException('aborted', 'AbortError') }],
  ['a reset connection', { thrown: reset }],
  ['a 500 whose body is not JSON (a proxy page)', { status: 500, body: '<html>Server Error</html>' }],
  ['a 200 whose body is cut off', { status: 200, body: '{"responses":[{"id":"0","sta' }],
];

/**
 * A BC API holding contacts: POST and PATCH operations change them, `email eq` / `id eq` reads
 * (plain or in a `$batch`) find them. The first envelope of writes applies its first `applied`
 * operations, then fails as `failure` says.
 */
function bcThatFails(failure: Failure, applied: number) {
  const rows: Row[] = [];
  const sent: string[] = [];
  let failed = false;
  const apply = applyOn(rows);
  const fetchFn = (async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const body = init?.body ? (JSON.parse(String(init.body)) as Row) : undefined;
    if (url === `${BASE}/$batch`) {
      const ops = (body?.requests ?? []) as Op[];
      sent.push(`$batch ${ops.map((o) => o.method).join(',')}`);
      const writes = ops.some((o) => o.method !== 'GET');
      if (writes && !failed) {
        failed = true;
        ops.slice(0, applied).forEach(apply);
        if ('thrown' in failure) throw failure.thrown();
        return new Response(failure.body, { status: failure.status });
      }
      return Response.json({ responses: ops.map((op) => ({ id: op.id, headers: {}, ...apply(op) })) });
    }
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const op: Op = { id: '-', method, url: url.slice(BASE.length + 1), headers, ...(body ? { body } : {}) };
    sent.push(method);
    const a = apply(op);
    return Response.json(a.body, { status: a.status });
  }) as unknown as typeof fetch;
  const bc = scriptedBc(BASE, fetchFn, { nowMs: () => Date.parse('2026-01-01T00:00:00Z') });
  return { bc, rows, sent };
}

const kinds = (r: readonly WriteOutcome<BcContact>[]) => r.map((o) => (o.ok ? 'ok' : o.error.kind));
const drafts = (n: number) => Array.from({ length: n }, (_, k) => bcDraft(k));
/** BC contacts per draft's e-mail, in the drafts' order. */
const copies = (rows: readonly Row[], n: number) =>
  drafts(n).map((d) => rows.filter((r) => r.email === d.email).length);

describe('BC write $batch whose envelope fails: each write is an unknown outcome, checked before it is sent again', () => {
  test('envelope 500 after BC made the first 2 of 4 creates: those 2 are answered with BC’s contacts, the other 2 sent once more, one BC contact each', async () => {
    const { bc, rows, sent } = bcThatFails({ status: 500, body: errorBody('Internal_ServerError') }, 2);
    const out = await bc.create(drafts(4));
    expect(kinds(out)).toEqual(['ok', 'ok', 'ok', 'ok']);
    // The applied ones come back with the ids BC gave them in the failed envelope.
    expect(out.slice(0, 2).map((o) => o.ok && o.value.id)).toEqual([ID(0), ID(1)]);
    expect(copies(rows, 4)).toEqual([1, 1, 1, 1]);
    expect(sent).toEqual(['$batch POST,POST,POST,POST', 'GET', '$batch POST,POST']);
  });

  test('envelope 500 on a create without e-mail that BC made: unknownOutcome (counted uncertain), never sent again', async () => {
    const { bc, rows } = bcThatFails({ status: 500, body: errorBody('Internal_ServerError') }, 1);
    const out = await bc.create([bcDraft(0, { email: '' }), bcDraft(1)]);
    expect(kinds(out)).toEqual(['unknownOutcome', 'ok']);
    expect(rows.filter((r) => r.email === '')).toHaveLength(1);
    expect(copies(rows, 2)[1]).toBe(1);
  });

  test('envelope 500 after BC applied the first of 2 updates: the applied one is answered from BC, the other sent once more', async () => {
    const { bc, rows } = bcThatFails({ status: 500, body: errorBody('Internal_ServerError') }, 1);
    rows.push(
      { id: ID(0), '@odata.etag': 'W/"1"', ...bcDraft(0) },
      { id: ID(1), '@odata.etag': 'W/"1"', ...bcDraft(1) },
    );
    const out = await bc.update([
      { id: ID(0), etag: 'W/"1"', patch: { city: 'Aarhus' } },
      { id: ID(1), etag: 'W/"1"', patch: { city: 'Odense' } },
    ]);
    expect(kinds(out)).toEqual(['ok', 'ok']);
    expect(rows.map((r) => [r.city, r['@odata.etag']])).toEqual([
      ['Aarhus', 'W/"2"'],
      ['Odense', 'W/"2"'],
    ]);
  });

  test.each(FAILURES)(
    '%s after BC made 1 of 3 creates: all 3 ok, one BC contact each',
    async (_, failure) => {
      const { bc, rows, sent } = bcThatFails(failure, 1);
      const out = await bc.create(drafts(3));
      expect(kinds(out)).toEqual(['ok', 'ok', 'ok']);
      expect(out[0]).toMatchObject({ ok: true, value: { id: ID(0) } });
      expect(copies(rows, 3)).toEqual([1, 1, 1]);
      // Looked up before anything was sent again; only the 2 not made go again.
      expect(sent).toEqual(['$batch POST,POST,POST', 'GET', '$batch POST,POST']);
    },
  );

  test('an envelope refused before it ran (400) is not looked up: each write fails as invalid, nothing made', async () => {
    const { bc, rows, sent } = bcThatFails({ status: 400, body: errorBody('BadRequest') }, 0);
    expect(kinds(await bc.create(drafts(2)))).toEqual(['invalid', 'invalid']);
    expect(rows).toHaveLength(0);
    expect(sent).toEqual(['$batch POST,POST']);
  });
});
