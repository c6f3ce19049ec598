import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { HttpBcContacts } from '../../src/bc/index.js';
import { requestJson } from '../../src/cli/server-client.js';
import { runDoctor } from '../../src/cli/doctor/checks.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { CallCancelledError, isCancellation } from '../../src/platform/deadline.js';
import { clientCredentialsToken } from '../../src/server/bc-api/upstream-token.js';
import { TenantApi } from '../../src/server/bc-api/upstream-api.js';
import { ownEmbeddedGraph } from '../../src/server/embedded/graph-owner.js';
import { openPostgres } from '../../src/store/db.js';
import { HttpSyncStateStore } from '../../src/sync-client/http-state-store.js';
import { resilientFetch } from '../../src/taskpane/api/resilient-fetch.js';
import { devTokens } from '../../src/taskpane/auth/tokens.js';
import { sourceFiles } from '../support/source-files.js';
import { standinTenantEnv } from '../support/standin-tenant.js';

// Guide rule "every outbound call has a timeout and AbortSignal" (issue 13: the sync state API's
// client had neither). The kind: every place in src that sends a request out of the process (a
// fetch, an HTTP request, a PostgreSQL connection). Each row sends to a peer that never answers
// and must end by its own deadline; where a run owns the call, the run's signal ends it at once.
// A file that sends and has no row fails the first test: a new outbound call needs a row here.

const ROOT = join(import.meta.dirname, '../..');
/** The deadline of the no-answer rows; Cancel's rows use a minute, so only Cancel can end them. */
const SHORT_MS = 100;
const TENANT = '11111111-2222-4000-8000-000000000013';

/** A fetch whose peer takes the request and never answers; it sees only its caller giving up. */
const seen: (AbortSignal | null)[] = [];
const hanging: typeof fetch = (_input, init) =>
  new Promise<Response>((_resolve, reject) => {
    seen.push(init?.signal ?? null);
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error), { once: true });
  });

/** A TCP peer that accepts and never says a word (PostgreSQL, the CLI's server). */
let silent: net.Server;
const sockets = new Set<net.Socket>();
let silentPort = 0;
/** Each connection the silent peer took, settling when the caller closes it. */
const connections: Promise<void>[] = [];
/** Settles when the silent peer took a connection: its accept may come after the caller gave up. */
let markConnected: () => void = () => undefined;
beforeAll(async () => {
  silent = net.createServer((s) => {
    // Read what comes (and drop it): a socket with unread data never sees its peer close.
    s.resume();
    sockets.add(s);
    connections.push(new Promise((closed) => s.on('close', () => closed())));
    markConnected();
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentPort = (silent.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => silent.close(() => r()));
});

interface Row {
  /** The src file that sends. */
  readonly file: string;
  /** Sends once to a peer that never answers, with a deadline of `ms` and `signal` where a run owns the call. */
  readonly send: (signal: AbortSignal, ms: number) => Promise<unknown>;
  /** A run's call: aborting `signal` ends it (the others belong to a request, a start-up or a CLI command). */
  readonly runOwned: boolean;
  /** Sends over TCP to the silent peer (not through a fetch). */
  readonly tcp?: boolean;
}

const noSleep = async () => undefined;
/** A client's options for one try against the hanging peer, with its deadline and the run's signal. */
const oneHangingTry = (signal: AbortSignal, ms: number) => ({
  getToken: async () => 't',
  sleep: noSleep,
  fetch: hanging,
  timeoutMs: ms,
  retry: { maxAttempts: 1 },
  signal,
});
const ROWS: Row[] = [
  {
    file: 'src/graph/graph-client.ts',
    runOwned: true,
    send: (signal, ms) =>
      new GraphMailbox({
        baseUrl: 'http://graph.invalid/v1.0',
        mailbox: { kind: 'me' },
        ...oneHangingTry(signal, ms),
      }).ensureFolder('Business Central'),
  },
  {
    file: 'src/bc/bc-http.ts',
    runOwned: true,
    send: (signal, ms) =>
      new HttpBcContacts({
        baseUrl: 'http://bc.invalid/api/v2.0',
        companyId: 'c1',
        ...oneHangingTry(signal, ms),
      }).listAll(),
  },
  {
    // The example: the pane engine's sync state had no deadline and ignored Cancel.
    file: 'src/sync-client/sync-api-call.ts',
    runOwned: true,
    send: (signal, ms) =>
      new HttpSyncStateStore({
        baseUrl: 'http://facade.invalid/sync/v1',
        getToken: () => 't',
        fetch: hanging,
        timeoutMs: ms,
        signal,
      }).getSettings('u'),
  },
  {
    file: 'src/taskpane/api/resilient-fetch.ts',
    runOwned: true,
    send: (signal, ms) =>
      resilientFetch(hanging, { timeoutMs: ms, attempts: 1, sleep: noSleep })('http://facade.invalid/me', {
        signal,
      }),
  },
  {
    file: 'src/taskpane/auth/tokens.ts',
    runOwned: false,
    send: (_signal, ms) => devTokens('http://facade.invalid', 'ann@contoso.com', hanging, ms).facade(),
  },
  {
    file: 'src/server/bc-api/upstream-api.ts',
    runOwned: false,
    send: (_signal, ms) =>
      new TenantApi({
        apiRoot: 'http://bc.invalid/t/production/api/v2.0',
        getToken: async () => 't',
        fetch: hanging,
        timeoutMs: ms,
      }).call('GET', '/companies'),
  },
  {
    file: 'src/server/bc-api/upstream-token.ts',
    runOwned: false,
    send: (_signal, ms) =>
      clientCredentialsToken({
        tenantId: 't',
        clientId: 'c',
        clientSecret: 's',
        authority: 'https://login.invalid',
        fetch: hanging,
        timeoutMs: ms,
      })(),
  },
  {
    // The doctor reports each check's failure rather than throwing: it must come back at all.
    file: 'src/cli/doctor/checks.ts',
    runOwned: false,
    send: async (_signal, timeout) => {
      const ms = String(timeout);
      const env = { GRAPH_TIMEOUT_MS: ms, BC_TIMEOUT_MS: ms, TOKEN_TIMEOUT_MS: ms };
      const results = await runDoctor({
        env: { ...standinTenantEnv(TENANT, 'https://login.invalid'), ...env },
        fetch: hanging,
      });
      if (results.some((r) => r.status === 'failed')) throw new Error('the checks failed by their deadline');
      return results;
    },
  },
  {
    file: 'src/cli/server-client.ts',
    runOwned: false,
    tcp: true,
    send: (_signal, ms) =>
      requestJson({ url: `http://127.0.0.1:${silentPort}`, adminToken: 'x' }, 'GET', '/internal/x', {
        deadlineMs: ms,
      }),
  },
  {
    file: 'src/store/db.ts',
    runOwned: false,
    tcp: true,
    send: (_signal, ms) => openPostgres(`postgres://u@127.0.0.1:${silentPort}/db`, { connectTimeoutMs: ms }),
  },
  {
    file: 'src/server/embedded/graph-owner.ts',
    runOwned: false,
    tcp: true,
    send: (_signal, ms) =>
      ownEmbeddedGraph(mkdtempSync(join(tmpdir(), 'owner-')), `postgres://u@127.0.0.1:${silentPort}/db`, ms),
  },
];

/**
 * Files that send only through a fetch handed to them, and who hands it: their deadline is that
 * fetch's (a row above), so they have no row of their own.
 */
const THROUGH: Record<string, string> = {
  'src/platform/deadline.ts': 'the deadline itself (withDeadline wraps the fetch it is given)',
  'src/server/embedded/environment.ts': 'withDeadline over the in-process BC API, with the run signal',
  'src/cli/doctor/upstream-checks.ts': "checks.ts's withDeadline fetch",
  'src/taskpane/index.tsx': "the pane's every request goes through resilientFetch",
  'src/taskpane/api/http.ts': 'the fetch index.tsx gives (resilientFetch)',
  'src/taskpane/engine/server-runner.ts': 'the fetch index.tsx gives (resilientFetch)',
  'src/taskpane/config.ts': 'the fetch index.tsx gives (resilientFetch)',
  // Not the server's own call: browser code the waiting page loads (F125), sent by the browser.
  'src/server/static-pane.ts': "the waiting page's script: each ask ends by AbortSignal.timeout (5 s)",
};

/** Calls that leave the process: global or injected fetch, node http(s) requests, pg connections. */
const SENDS =
  /(?<![\w.])fetch\(|\b(?:doFetch|fetchFn|fetchImpl|internal\.fetch|withDeadline)\(|\bclient\.request\(|new pg\.(?:Client|Pool)\b/;
const stripComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('every outbound call has a deadline, and a run’s call its signal', () => {
  test('every file in src that sends has a row (or sends through a fetch that has one)', () => {
    const senders = sourceFiles(join(ROOT, 'src'), /\.(ts|tsx)$/)
      .filter((f) => SENDS.test(stripComments(readFileSync(f, 'utf8'))))
      .map((f) => relative(ROOT, f).split('\\').join('/'))
      .sort();
    const listed = [...ROWS.map((r) => r.file), ...Object.keys(THROUGH)].sort();
    expect(senders).toEqual(listed);
  });

  /**
   * Every request the row sent was given up by the caller: each fetch's signal aborted, each
   * connection closed (awaited: a connection left open fails by the test's own timeout).
   */
  const givenUp = async () => {
    await Promise.all(connections);
    return {
      sent: seen.length + connections.length,
      withoutSignal: seen.filter((s) => s === null).length,
      notAborted: seen.filter((s) => s !== null && !s.aborted).length,
    };
  };

  test.each(ROWS.map((r) => [r.file, r] as const))(
    '%s: no answer ends the call by its deadline',
    async (_f, row) => {
      seen.length = 0;
      connections.length = 0;
      const connected = new Promise<void>((r) => (markConnected = r));
      const failed = await row.send(new AbortController().signal, SHORT_MS).then(
        () => false,
        () => true,
      );
      expect(failed).toBe(true);
      if (row.tcp) await connected;
      const after = await givenUp();
      expect(after.sent).toBeGreaterThan(0);
      expect({ ...after, sent: 'some' }).toEqual({ sent: 'some', withoutSignal: 0, notAborted: 0 });
    },
  );

  test.each(ROWS.filter((r) => r.runOwned).map((r) => [r.file, r] as const))(
    '%s: the run’s Cancel ends a call in flight',
    async (_f, row) => {
      const run = new AbortController();
      seen.length = 0;
      const call = row.send(run.signal, 60_000);
      call.catch(() => undefined);
      // Cancel once the request is out (an adapter may first ask for its token).
      for (let i = 0; i < 1000 && seen.length === 0; i++) await new Promise((r) => setImmediate(r));
      expect(seen.length).toBe(1);
      run.abort(new CallCancelledError());
      const failed = await call.then(
        () => false,
        () => true,
      );
      // Ended by Cancel, not by its (minute-long) deadline: the request's signal says why.
      expect({ failed, cancelled: isCancellation(seen[0]?.reason) }).toEqual({
        failed: true,
        cancelled: true,
      });
    },
  );
});
