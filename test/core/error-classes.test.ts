import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { BcApiError } from '../../src/bc/bc-api-error.js';
import { CoreBug } from '../../src/core/core-bug.js';
import { RunCancelledError } from '../../src/core/executor-support.js';
import { NO_MEMBERSHIP_SERVICE_CODE } from '../../src/core/port-errors.js';
import { PortFailure } from '../../src/core/ports.js';
import type { RunErrorCode } from '../../src/core/records.js';
import { CancelRequestedError, LeaseLostError, runErrorOf } from '../../src/core/run-errors.js';
import { StateStoreRefusal } from '../../src/core/state-refusal.js';
import { GraphError } from '../../src/graph/graph-error.js';
import { catalogWords } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import { runErrorText } from '../../src/messages/words.js';
import { CallCancelledError } from '../../src/platform/deadline.js';
import { CallTimeoutError } from '../../src/platform/call-timeout-error.js';
import { TokenRequestError } from '../../src/server/bc-api/upstream-token.js';
import { RunEnvironmentError } from '../../src/server/sync/run-refusals.js';
import { SyncApiError } from '../../src/sync-client/sync-api-call.js';
import { SignInError, failureOf } from '../../src/taskpane/api/failure.js';
import { CODE_CATALOGS } from '../messages/catalogs.js';

// F93 and its kind: an error class that reaches a run's end must never be said as "unexpected
// (ClassName)". Every `class … extends Error` in src is in this table: it either has a run error
// code (core/run-errors.ts runErrorOf, through RunFailureSource for classes outside core), worded
// in six languages, or is listed with why it never reaches a run's end. A class added to src
// without a row fails here.

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `file#Class` of every error class declared in src. */
const DECLARED = sources('src').flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/\bclass (\w+) extends Error\b/g)].map((m) => `${file}#${m[1]}`),
);

type Row = { readonly reaches: () => unknown; readonly code: RunErrorCode } | { readonly never: string };

const RAW = 'RAW-SERVICE-TEXT';

const TABLE: Readonly<Record<string, Row>> = {
  // Core's own.
  'src/core/run-errors.ts#LeaseLostError': {
    reaches: () => new LeaseLostError('leaseLost'),
    code: 'leaseLost',
  },
  'src/core/run-errors.ts#CancelRequestedError': {
    reaches: () => new CancelRequestedError(),
    code: 'cancelled',
  },
  'src/core/port-errors.ts#PortFailure': {
    reaches: () => new PortFailure('unavailable', RAW, { status: 503 }),
    code: 'readFailed',
  },
  'src/core/state-refusal.ts#StateStoreRefusal': {
    reaches: () => new StateStoreRefusal({ kind: 'unstorableText', at: '/x' }),
    code: 'storeRefused',
  },
  'src/core/executor-support.ts#RunCancelledError': {
    reaches: () => new RunCancelledError('cancelled'),
    code: 'cancelled',
  },
  // A broken invariant of core is a bug by definition: `unexpected`, with the bug's own code.
  'src/core/core-bug.ts#CoreBug': { reaches: () => new CoreBug('noDecisionRow', {}), code: 'unexpected' },
  'src/core/run-types.ts#SettingsError': {
    never: 'thrown before the lease and the record (the filter does not compile); hosts answer 400',
  },
  'src/core/run-types.ts#RunInProgressError': {
    never: 'thrown before the lease: no run started; hosts answer 409 RunInProgress',
  },
  'src/core/resolve-types.ts#ResolveError': { never: 'resolving a conflict, not a run (sync API routes)' },
  'src/core/resolve.ts#StaleAttempt': { never: 'module-local to resolve.ts, caught there' },
  // Adapters' and hosts' (RunFailureSource).
  'src/platform/call-timeout-error.ts#CallTimeoutError': {
    reaches: () => new CallTimeoutError(60_000),
    code: 'readFailed',
  },
  'src/platform/deadline.ts#CallCancelledError': {
    reaches: () => new CallCancelledError(),
    code: 'cancelled',
  },
  'src/graph/graph-error.ts#GraphError': {
    reaches: () => new GraphError(503, 'ServiceUnavailable', RAW),
    code: 'readFailed',
  },
  'src/bc/bc-api-error.ts#BcApiError': {
    reaches: () => new BcApiError(504, 'GatewayTimeout', RAW),
    code: 'readFailed',
  },
  'src/sync-client/sync-api-call.ts#SyncApiError': {
    reaches: () => new SyncApiError(503, 'HttpError', RAW),
    code: 'storeFailed',
  },
  'src/taskpane/api/failure.ts#SignInError': {
    reaches: () => new SignInError(0, 'interaction_required', RAW),
    code: 'signInFailed',
  },
  'src/server/bc-api/upstream-token.ts#TokenRequestError': {
    reaches: () =>
      new TokenRequestError(
        'clientCredentials',
        'https://api.businesscentral.dynamics.com/.default',
        { error: 'invalid_client', aadsts: 7000215, status: 401 },
        null,
      ),
    code: 'signInFailed',
  },
  'src/server/sync/run-refusals.ts#RunEnvironmentError': {
    reaches: () => new RunEnvironmentError('shuttingDown', RAW),
    code: 'shuttingDown',
  },
  // Never inside a run.
  'src/platform/bad-input.ts#BadInput': { never: "a request guard's refusal, before any route runs" },
  'src/server/auth/verify.ts#AuthError': { never: "a request's token check (401), before any run" },
  'src/server/http-error.ts#HttpError': { never: "a route's answer" },
  'src/server/bc-api/odata-filter.ts#ODataSyntaxError': { never: "the BC API's $filter parser (400)" },
  'src/server/bc-api/odata-filter.ts#ODataLimitError': { never: "the BC API's $filter parser (400)" },
  'src/server/sync/run-manager-types.ts#RunAlreadyActiveError': {
    never: "the run manager's refusal before a run starts (409)",
  },
  'src/server/announce.ts#ConfigError': { never: 'startup configuration' },
  'src/store/postgres-connect.ts#PostgresConnectError': { never: 'startup: connecting the store' },
  'src/store/lock.ts#DataDirLockedError': { never: 'startup: the data directory is locked' },
  'src/store/open-store.ts#PgliteOpenError': { never: 'startup: opening the embedded store' },
  'src/emulator/errors.ts#GraphError': { never: "the emulator's handlers: becomes an HTTP answer" },
  'src/taskpane/engine/runner.ts#RunBusyError': { never: "the pane's word for RunInProgress (before a run)" },
  'src/taskpane/api/http.ts#ApiError': { never: "the pane's facade calls; failureOf words them by status" },
  'src/taskpane/api/failure.ts#NoCompanyAccessError': { never: 'the pane finds no company before a run' },
  'src/taskpane/api/failure.ts#DownloadFailure': { never: 'a pane chunk download (module-local)' },
  'src/taskpane/state/conflict-gone.ts#ConflictGoneError': { never: 'a conflict choice in the pane' },
  'src/cli/server-run.ts#ServerLostError': { never: "the CLI's wait for a server run (its own exit code)" },
  'src/cli/arguments.ts#UsageError': { never: "the CLI's arguments (exit 2)" },
  'src/cli/server-client.ts#ServerGoneError': { never: "the CLI's server discovery (runs in-process then)" },
  'src/cli/server-client.ts#NoAnswerError': { never: "the CLI's calls to the server (its own exit code)" },
};

const reaching = Object.entries(TABLE).flatMap(([at, row]) => ('reaches' in row ? [[at, row] as const] : []));

describe('every error class in src that can reach a run end maps to a run error code (F93)', () => {
  test('the table names every error class declared in src, and only those', () => {
    expect([...DECLARED].sort()).toEqual(Object.keys(TABLE).sort());
  });

  test.each(reaching)('%s ends a run with its code, worded in six languages', (at, row) => {
    const error = runErrorOf(row.reaches(), 'r1');
    expect({ at, code: error.code }).toEqual({ at, code: row.code });
    const name = at.split('#')[1]!;
    for (const lang of LANGS) {
      const text = runErrorText(catalogWords(lang, CODE_CATALOGS[lang] as never), error);
      expect({ lang, text }).toEqual({ lang, text: expect.stringMatching(/^[^{}]{12,}$/) });
      // The class's name is said only for a bug of core; the service's text never.
      if (row.code !== 'unexpected') expect(text).not.toContain(name);
      expect(text).not.toContain(RAW);
    }
  });

  test.each(reaching.filter(([, row]) => row.code !== 'unexpected'))(
    "%s thrown out of the pane's run is worded by its code, not as unexpected",
    (at, row) => {
      expect({ at, kind: failureOf(row.reaches()).kind }).not.toEqual({ at, kind: 'unexpected' });
    },
  );

  test("the named example (F93): a pane run that lost its lease says leaseLost, not 'unexpected (LeaseLostError)'", () => {
    expect(failureOf(new LeaseLostError('leaseLost'))).toEqual({
      kind: 'runEnded',
      error: { side: 'run', id: '', code: 'leaseLost' },
    });
  });

  test('the named example (F85): a membership revoked mid-run is accessRevoked for the company, not a refused value', () => {
    const marked = new PortFailure(
      'invalid',
      RAW,
      { status: 403, serviceCode: NO_MEMBERSHIP_SERVICE_CODE },
      { side: 'bc', operation: 'checkAccess', company: 'c0ffee00-0000-0000-0000-000000000001' },
    );
    const error = runErrorOf(marked, 'r1');
    expect(error).toEqual({
      side: 'run',
      id: 'r1',
      code: 'accessRevoked',
      params: { company: 'c0ffee00-0000-0000-0000-000000000001', port: 'bc', operation: 'checkAccess' },
    });
    const en = runErrorText(catalogWords('en', CODE_CATALOGS.en as never), error);
    expect(en).toBe(
      'Your access to Business Central company c0ffee00-0000-0000-0000-000000000001 was withdrawn while the sync ran, so it stopped; what it had written stays. Ask an administrator to give you access again, then sync again.',
    );
    expect(en).not.toContain('refused its values');
    expect(failureOf(marked)).toEqual({ kind: 'runEnded', error: { ...error, id: '' } });
  });
});
