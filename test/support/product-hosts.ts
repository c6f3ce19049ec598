import type { PaneRunnerOptions } from '../../src/taskpane/engine/pane-runner.js';
import type { RunRecord, SyncMode } from '../../src/core/records.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import type { TokenSource } from '../../src/taskpane/auth/tokens.js';
import { runInPane } from '../../src/taskpane/engine/pane-engine.js';
import { runCli } from './in-process-product.js';
import type { InProcessProduct } from './in-process-product.js';

/** A host that runs one sync of the product's user and answers its run record. */
export interface ProductHost {
  readonly name: string;
  readonly run: (mode: SyncMode) => Promise<RunRecord>;
}

/** The pane's token source for the product's signed-in user (its dev tokens, never renewed). */
export function paneTokens(product: InProcessProduct, user: string): TokenSource {
  return {
    user,
    facade: async () => product.facadeToken,
    graph: async () => product.graphToken,
    renew: async (audience) => (audience === 'facade' ? product.facadeToken : product.graphToken),
  };
}

/**
 * The pane's engine of `user` in this process, syncing the company `company` names; `fetches`, the
 * engine's own fetch functions where a test stands between it and the product (the browser's otherwise).
 */
export function paneEngineHost(
  product: InProcessProduct,
  user: string,
  company: PaneRunnerOptions['company'],
  name = 'the pane engine',
  fetches: Pick<PaneRunnerOptions, 'fetch' | 'graphFetch'> = {},
): ProductHost {
  const { url } = product.server;
  return {
    name,
    run: async (mode) =>
      (
        await runInPane(
          {
            origin: url,
            graphBaseUrl: `${url}/graph/v1.0`,
            tokens: paneTokens(product, user),
            userId: async () => devUserKey(user),
            company,
            ...fetches,
          },
          { mode, dryRun: false },
          () => undefined,
          () => false,
        )
      ).record,
  };
}

/**
 * The three hosts a user's sync runs on against an `npm start` product (SEED_DEMO=1): the
 * scheduler's run, the CLI as its own process (talking to the running server), and the pane's
 * engine (`paneCompany` picks its company).
 */
export function productHosts(
  product: InProcessProduct,
  user: string,
  paneCompany: PaneRunnerOptions['company'],
  paneName?: string,
): ProductHost[] {
  return [
    {
      name: 'a scheduled run',
      run: async (mode) =>
        (await product.server.manager.runNow(devUserKey(user), { mode, trigger: 'schedule' })).record,
    },
    {
      name: 'the CLI',
      run: async (mode) => {
        const r = await runCli(['sync', '--user', user, '--mode', mode], {
          HTTPS: '0',
          SCHEDULER: '0',
          LOG_LEVEL: 'silent',
          SEED_DEMO: '1',
          DATA_DIR: product.dir,
        });
        return (JSON.parse(r.stdout) as { record: RunRecord }).record;
      },
    },
    paneEngineHost(product, user, paneCompany, paneName),
  ];
}
