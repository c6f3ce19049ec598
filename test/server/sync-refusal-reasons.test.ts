import { beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { ApiError, jsonFetch } from '../../src/taskpane/api/http.js';
import { LANGS } from '../../src/messages/langs.js';
import { failureText } from '../../src/taskpane/services.js';
import { paneWords } from '../messages/catalogs.js';
import { ANN, ANN_UPN, runToEnd, useSyncHarness } from './sync-harness.js';

// Issue 13 §2: every refusal of the sync API (/sync/v1, a 4xx) carries its reason as data — a
// `kind` and the parameters of its message — next to the default English message, and the pane
// words it from its own catalogs by code and reason, never from the message. One row per kind
// of refusal: authentication, routing, the body schema, the settings rules, runs (not found, not
// active, no plan), conflicts and the run lease.

type Ask = { method: 'GET' | 'PUT' | 'POST'; url: string; body?: unknown; anonymous?: boolean };

interface Row {
  readonly name: string;
  readonly ask: (run: string) => Ask;
  readonly status: number;
  readonly code: string;
  /** The reason the body carries (toMatchObject: parameters named here must be there). */
  readonly reason: (run: string) => Record<string, unknown>;
}

const ROWS: readonly Row[] = [
  {
    name: 'no token',
    ask: () => ({ method: 'GET', url: '/sync/v1/settings', anonymous: true }),
    status: 401,
    code: 'Authentication_InvalidCredentials',
    reason: () => ({ kind: 'Authentication_InvalidCredentials' }),
  },
  {
    name: 'no such route',
    ask: () => ({ method: 'GET', url: '/sync/v1/nothing-here' }),
    status: 404,
    code: 'BadRequest_NotFound',
    reason: () => ({ kind: 'BadRequest_NotFound', method: 'GET' }),
  },
  {
    name: 'a URL the framework refuses (malformed percent-encoding)',
    ask: () => ({ method: 'GET', url: '/sync/v1/runs/%E0%A4%A' }),
    status: 400,
    code: 'BadRequest_InvalidUrl',
    // Which segment, as shown (escaped, bounded) and its length as sent (9a582858).
    reason: () => ({ kind: 'percentEncoding', segment: '%E0%A4%A', segmentLength: 8 }),
  },
  {
    name: 'a body the schema refuses',
    ask: () => ({ method: 'POST', url: '/sync/v1/runs', body: { mode: 'sideways' } }),
    status: 400,
    code: 'BadRequest',
    reason: () => ({ kind: 'BadRequest' }),
  },
  {
    name: 'settings a rule refuses (a blank folder name)',
    ask: () => ({ method: 'PUT', url: '/sync/v1/settings', body: { ...DEFAULT_SETTINGS, folderName: '  ' } }),
    status: 400,
    code: 'InvalidSettings',
    reason: () => ({ kind: 'InvalidSettings' }),
  },
  {
    name: 'a run that does not exist',
    ask: () => ({ method: 'GET', url: '/sync/v1/runs/no-such-run' }),
    status: 404,
    code: 'RunNotFound',
    reason: () => ({ kind: 'RunNotFound', runId: 'no-such-run' }),
  },
  {
    name: 'cancelling a run that has ended',
    ask: (run) => ({ method: 'POST', url: `/sync/v1/runs/${run}/cancel` }),
    status: 409,
    code: 'RunNotActive',
    reason: (run) => ({ kind: 'RunNotActive', runId: run, cause: 'ended' }),
  },
  {
    name: 'the plan of a run that was not a dry run',
    ask: (run) => ({ method: 'GET', url: `/sync/v1/runs/${run}/plan` }),
    status: 409,
    code: 'PlanNotAvailable',
    reason: (run) => ({ kind: 'PlanNotAvailable', runId: run, cause: 'notDryRun' }),
  },
  {
    name: 'resolving a conflict that is not there',
    ask: () => ({ method: 'POST', url: '/sync/v1/conflicts/no-such-contact/resolve', body: { side: 'bc' } }),
    status: 404,
    code: 'ConflictNotFound',
    reason: () => ({ kind: 'conflictNotFound' }),
  },
];

describe('sync API refusals: a reason as data beside the message, worded by the pane by code', () => {
  const h = useSyncHarness();
  let run = '';
  beforeAll(async () => {
    run = (await runToEnd(h, ANN, { mode: 'full' })).id;
  });

  /** The answer as the pane's own client meets it (jsonFetch): the error it throws, and the raw body. */
  async function paneCall(ask: Ask): Promise<{ error: ApiError; body: Record<string, unknown> }> {
    const token = ask.anonymous ? '' : (await h.auth(ANN)).slice('Bearer '.length);
    const call = jsonFetch(async () => token, injectFetch(h.app));
    const caught = await call(ask.method, `http://facade.internal${ask.url}`, ask.body).then(
      () => null,
      (e: unknown) => e,
    );
    expect(caught).toBeInstanceOf(ApiError);
    const error = caught as ApiError;
    return { error, body: (error.body as { error: Record<string, unknown> }).error };
  }

  test.each(ROWS)('$name: $status $code', async (row) => {
    const { error, body } = await paneCall(row.ask(run));
    expect({ status: error.status, code: body.code }).toEqual({ status: row.status, code: row.code });
    expect(body.message).toEqual(expect.any(String));
    expect(body.reason).toMatchObject(row.reason(run));
    // The pane's words, in every language: from its catalogs (the English one may say what the
    // server's default English says: both word the same code), never the server's message.
    for (const lang of LANGS) {
      const text = failureText(paneWords(lang), error, ANN_UPN);
      expect(text.trim()).not.toBe('');
      if (lang !== 'en') expect(text).not.toContain(String(body.message));
    }
  });

  test('every row is a different refusal (code and reason kind), and the table is not empty', () => {
    const kinds = ROWS.map((r) => `${r.code}/${String(r.reason(run).kind)}`);
    expect(new Set(kinds).size).toBe(ROWS.length);
    expect(ROWS.length).toBeGreaterThanOrEqual(8);
  });
});
