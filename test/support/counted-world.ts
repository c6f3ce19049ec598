import { afterAll, beforeAll, expect } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import type { RunOutcome } from '../../src/core/run-types.js';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { startFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';

/** One succeeded run and the requests it sent to each side (`METHOD url`, in order). */
interface CountedRun extends RunOutcome {
  readonly bc: readonly string[];
  readonly graph: readonly string[];
}

/**
 * The real adapters a run's requests are counted through: the facade's BC API on PGlite (in
 * process) and the Graph emulator over HTTP, with a memory state store. Fields other than
 * `store` are set once the file's beforeAll has run.
 */
export interface CountedWorld {
  readonly f: Facade;
  readonly bc: HttpBcContacts;
  readonly mailbox: GraphMailbox;
  readonly store: MemorySyncStateStore;
  /** Runs made so far by `sync`. */
  readonly runs: number;
  /** Advances the clock 10 minutes, runs a sync as the user and expects it to succeed. */
  sync(mode: SyncMode): Promise<CountedRun>;
}

/**
 * Starts a counted world for `user` before the calling file's tests (beforeAll) and closes it
 * after them (afterAll). A beforeAll the file registers later runs on the started world.
 */
export function useCountedWorld(user: { readonly oid: string; readonly upn: string }): CountedWorld {
  let f: Facade | undefined;
  let emulator: FastifyInstance | undefined;
  let bc: HttpBcContacts | undefined;
  let mailbox: GraphMailbox | undefined;
  let bcSent: string[] = [];
  let graphSent: string[] = [];
  let runs = 0;
  const store = new MemorySyncStateStore();
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the counted world is used before its beforeAll ran');
    return v;
  };

  beforeAll(async () => {
    const { template } = await buildMigratedTemplate();
    const facade = await startFacade({ template });
    f = facade;
    const facadeFetch = injectFetch(facade.app);
    bc = new HttpBcContacts({
      // The in-process name the real app answers in dev mode (dev-host-guard.ts), as npm start's runs use it.
      baseUrl: 'http://facade.internal/api/v2.0',
      companyId: facade.company.id,
      getToken: async () => facade.auth.slice('Bearer '.length),
      fetch: async (input, init) => {
        bcSent.push(`${init?.method ?? 'GET'} ${String(input)}`);
        return facadeFetch(input, init);
      },
    });
    const issuer = await createTestIssuer();
    ({ app: emulator } = await startableGraphEmulator({ auth: issuer.auth }));
    const origin = await emulator.listen({ port: 0, host: '127.0.0.1' });
    let graphToken: Promise<string> | undefined;
    mailbox = new GraphMailbox({
      baseUrl: `${origin}/v1.0`,
      mailbox: { kind: 'me' },
      // One token, as a client keeps it (crash-hosts.ts graphOver).
      getToken: () =>
        (graphToken ??= issuer.userToken(user.oid, user.upn, { scopes: ['Contacts.ReadWrite'] })),
      sleep: async () => undefined,
      fetch: async (input, init) => {
        graphSent.push(`${init?.method ?? 'GET'} ${typeof input === 'string' ? input : input.url}`);
        return fetch(input, init);
      },
    });
  });
  afterAll(async () => {
    await emulator?.close();
    await f?.close();
  });

  return {
    get f() {
      return started(f);
    },
    get bc() {
      return started(bc);
    },
    get mailbox() {
      return started(mailbox);
    },
    store,
    get runs() {
      return runs;
    },
    async sync(mode) {
      const facade = started(f);
      facade.clock.advance(10 * 60_000);
      graphSent = [];
      bcSent = [];
      const outcome = await runSync(
        { bc: started(bc), mailbox: started(mailbox), store, clock: facade.clock, logger: silentLogger },
        { runId: `run-${++runs}`, userId: user.upn, mode, dryRun: false, trigger: 'pane' },
      );
      expect(outcome.record.status).toBe('succeeded');
      return { ...outcome, bc: [...bcSent], graph: [...graphSent] };
    },
  };
}
