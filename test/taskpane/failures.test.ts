import { describe, expect, test } from '@jest/globals';
import { BcApiError } from '../../src/bc/bc-api-error.js';
import { PortFailure } from '../../src/core/ports.js';
import { LeaseLostError } from '../../src/core/run-errors.js';
import { GraphError } from '../../src/graph/graph-error.js';
import { SyncApiError } from '../../src/sync-client/sync-api-call.js';
import { facadeApi } from '../../src/taskpane/api/facade-api.js';
import type { FailureKind } from '../../src/taskpane/api/failure.js';
import {
  FAILURE_KINDS,
  NoCompanyAccessError,
  SignInError,
  download,
  failureOf,
} from '../../src/taskpane/api/failure.js';
import { ApiError, jsonFetch } from '../../src/taskpane/api/http.js';
import { devTokens } from '../../src/taskpane/auth/tokens.js';
import { LANGS } from '../../src/messages/langs.js';
import { failureText } from '../../src/taskpane/services.js';
import { paneWords } from '../messages/catalogs.js';

// Issue 14: every failure the pane meets is worded by its kind, with what to do — never a
// service's own text, never "cannot reach the server" for an answer that came (F33), and a user
// without company access is told so and whom to ask (F28).

function chunkLoadError(): Error {
  const e = new Error('Loading chunk 412 failed.\n(error: http://127.0.0.1:3104/412.js)');
  e.name = 'ChunkLoadError';
  return e;
}

/**
 * The browser's error as the pane's edges hand it on: a facade call whose fetch threw, a download
 * (dynamic import) that failed. failureOf reads what the edge marked, never the browser's words.
 */
async function viaFacadeCall(e: unknown): Promise<unknown> {
  const call = jsonFetch(
    async () => 'token',
    () => Promise.reject(e),
  );
  return call('GET', 'http://127.0.0.1:9/sync/v1/settings').catch((x: unknown) => x);
}
async function viaDownload(e: unknown): Promise<unknown> {
  return download(() => Promise.reject(e)).catch((x: unknown) => x);
}

/** A service's own text, which must never reach the user. */
const RAW = 'RAW-SERVICE-TEXT';

/** A facade refusal whose one detail names its `target` and the reason's kind. */
const apiErrorFor = (status: number, code: string, target: string, kind: string) =>
  new ApiError(status, code, RAW, [{ target, message: RAW, reason: { kind } }]);
/** The facade's 503 when it cannot run syncs as configured, with the configuration's reason. */
const serverRunsUnavailable = (kind: string) =>
  apiErrorFor(503, 'ServerRunsUnavailable', 'configuration', kind);

/** Each error the pane can meet, from each client that throws it, and the kind it is. */
const CASES: readonly [string, unknown, FailureKind][] = [
  // No answer at all.
  ['facade call, no response', new ApiError(0, 'NetworkError', RAW), 'unreachable'],
  ['fetch refused (Chromium)', await viaFacadeCall(new TypeError('Failed to fetch')), 'unreachable'],
  [
    'fetch refused (Firefox)',
    await viaFacadeCall(new TypeError('NetworkError when attempting to fetch resource.')),
    'unreachable',
  ],
  ['a lazy chunk whose download failed', chunkLoadError(), 'unreachable'],
  [
    'a chunk error renamed by a wrapper',
    await viaDownload(new Error('Loading chunk 7 failed.')),
    'unreachable',
  ],
  ['a CSS chunk', await viaDownload(new Error('Loading CSS chunk 3 failed.')), 'unreachable'],
  [
    'a failed dynamic import',
    await viaDownload(new TypeError('Failed to fetch dynamically imported module: x')),
    'unreachable',
  ],
  ['sync state, no response (engine)', new SyncApiError(0, 'NetworkError', RAW), 'unreachable'],
  ['BC read, no response (engine)', new PortFailure('unavailable', RAW, { status: 0 }), 'unreachable'],
  ['Graph, connection refused', new GraphError(0, 'ConnectionRefused', RAW), 'unreachable'],
  ['BC client, no response', new BcApiError(0, 'NetworkError', RAW), 'unreachable'],
  // Sign-in (F33: these used to say the server cannot be reached).
  ['dev token issuer 403', new SignInError(403, 'Forbidden', RAW), 'signIn'],
  ['MSAL refusal', new SignInError(0, 'consent_required', RAW), 'signIn'],
  ['facade 401', new ApiError(401, 'Authentication_InvalidCredentials', RAW), 'signIn'],
  ['sync state 401 (engine)', new SyncApiError(401, 'Authentication_InvalidCredentials', RAW), 'signIn'],
  ['Graph 401', new GraphError(401, 'InvalidAuthenticationToken', RAW), 'signIn'],
  // No company (F28).
  ['no company listed', new NoCompanyAccessError(RAW), 'noCompanyAccess'],
  [
    'server run, no membership',
    new ApiError(403, 'Authorization_NoCompanyMembership', RAW),
    'noCompanyAccess',
  ],
  [
    'no membership by its reason',
    apiErrorFor(403, 'Forbidden', 'user', 'noCompanyMembership'),
    'noCompanyAccess',
  ],
  ['scope missing', new ApiError(403, 'Authorization_ScopeMissing', RAW), 'forbidden'],
  ['Graph 403', new GraphError(403, 'ErrorAccessDenied', RAW), 'forbidden'],
  ['throttled', new ApiError(429, 'TooManyRequests', RAW), 'busy'],
  ['throttled read (engine)', new PortFailure('throttled', RAW), 'busy'],
  ['the server is stopping', serverRunsUnavailable('shuttingDown'), 'shuttingDown'],
  ['no Graph app for server runs', serverRunsUnavailable('graphAppMissing'), 'serverSetup'],
  ['a server error', new ApiError(503, 'Unavailable', RAW), 'unavailable'],
  ['a 500', new ApiError(500, 'InternalServerError', RAW), 'unavailable'],
  [
    'BC read 502 (engine)',
    new PortFailure('unavailable', RAW, { status: 502, serviceCode: 'X' }),
    'unavailable',
  ],
  ['a read failure without status', new PortFailure('unavailable', RAW), 'unavailable'],
  [
    'a run read that names its side (F51)',
    new PortFailure('unavailable', RAW, { status: 503 }, { side: 'bc', operation: 'readChanges' }),
    'portFailed',
  ],
  // What ended the pane's own run, by the code every host's record has (F93, F85).
  ['the pane run lost its lease', new LeaseLostError(RAW), 'runEnded'],
  [
    'a run whose company access was revoked (F85)',
    new PortFailure(
      'invalid',
      RAW,
      { status: 403, serviceCode: 'Authorization_NoCompanyMembership' },
      { side: 'bc', operation: 'checkAccess', company: 'c1' },
    ),
    'runEnded',
  ],
  ['a refusal', new ApiError(400, 'BadRequest', RAW), 'refused'],
  ['a not-found of a code the facade does not send', new ApiError(404, 'Unknown_NotFound', RAW), 'refused'],
  ['a refusal by a code of its own', new ApiError(404, 'Internal_CompanyNotFound', RAW), 'refusal'],
  ['a refusal of the sync state', new SyncApiError(409, 'StateConflict', RAW), 'refusal'],
  ['a bug', new TypeError(`x is undefined ${RAW}`), 'unexpected'],
  // A TypeError no edge marked is a bug, whatever it says: its words are never read (issue 13 §2).
  ['a bug whose words say fetch', new TypeError('Failed to fetch'), 'unexpected'],
  ['not an Error', RAW, 'unexpected'],
];

/** The pane's words in `lang`, as the panels pass them to failureText. */
const t = (lang: (typeof LANGS)[number]): never => paneWords(lang) as never;

describe('every failure is worded by its kind, with what to do', () => {
  test.each(CASES)('%s', (_, e, kind) => {
    expect(failureOf(e).kind).toBe(kind);
    for (const lang of LANGS) {
      const text = failureText(t(lang), e, 'rita@contoso.com');
      expect(text).not.toContain(RAW);
      expect(text).not.toContain('MISSING');
      expect(text).not.toMatch(/\{\w+\}/);
    }
  });

  test('every kind is met by some case', () => {
    expect(new Set(CASES.map(([, , kind]) => kind))).toEqual(new Set(FAILURE_KINDS));
  });

  test('a refusal by a code the facade does not send names its status and code, not its message', () => {
    expect(failureText(t('en'), new ApiError(409, 'Upstream_Conflict', RAW), 'u')).toBe(
      'The server refused this (HTTP 409 Upstream_Conflict). If it keeps happening, tell your administrator.',
    );
  });
});

describe('F33: a refused sign-in is not "cannot reach the server"', () => {
  test('the dev token issuer answering 403: a SignInError with its status and code', async () => {
    const fetchFn = (async () =>
      Response.json(
        { error: { code: 'Forbidden', message: RAW } },
        { status: 403 },
      )) as unknown as typeof fetch;
    const tokens = devTokens('https://h', 'eve@contoso.com', fetchFn);
    const e = await tokens.facade().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SignInError);
    expect(failureText(t('en'), e, 'eve@contoso.com')).toBe(
      'Your sign-in was not accepted (HTTP 403 Forbidden). Close the add-in and open it again; if this keeps happening, ask your administrator.',
    );
  });

  test('the token issuer not answering (the server killed while the pane opens) is the server not answering', async () => {
    const fetchFn = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const e = await devTokens('https://h', 'eve@contoso.com', fetchFn)
      .facade()
      .catch((x: unknown) => x);
    // Was { kind: 'unexpected', detail: 'TypeError' }: "Something unexpected went wrong (TypeError)".
    expect(failureOf(e)).toEqual({ kind: 'unreachable' });
  });

  test('a facade call whose token cannot be had keeps the sign-in failure (not ApiError status 0)', async () => {
    const refused = new SignInError(401, '', RAW);
    const call = jsonFetch(() => Promise.reject(refused), (() =>
      Promise.reject(new Error('not called'))) as never);
    await expect(call('GET', 'https://h/sync/v1/me')).rejects.toBe(refused);
    expect(failureOf(refused)).toEqual({ kind: 'signIn', detail: 'HTTP 401' });
  });
});

describe('F28: a user who is a member of no company is told so and whom to ask', () => {
  test('an empty company list is no access, naming the user', async () => {
    const fetchFn = (async () => Response.json({ value: [] })) as unknown as typeof fetch;
    const api = facadeApi({
      origin: 'https://h',
      graphBaseUrl: 'https://h/graph/v1.0',
      tokens: {
        user: 'bob@contoso.com',
        facade: async () => 't',
        graph: async () => 't',
        renew: async () => 't',
      },
      fetch: fetchFn,
    });
    const e = await api.company().catch((x: unknown) => x);
    expect(failureText(t('en'), e, 'bob@contoso.com')).toBe(
      'You (bob@contoso.com) have no access to a Business Central company here. Ask your administrator to give you access to the company (Company access).',
    );
  });
});
