import type { FastifyInstance } from 'fastify';
import { StoreBcContacts } from '../../bc/store-bc-contacts.js';
import { HttpBcContacts } from '../../bc/index.js';
import type { Clock } from '../../core/ports.js';
import { GraphMailbox } from '../../graph/index.js';
import type { Db } from '../../store/db.js';
import { listCompanies } from '../../store/bc-repository.js';
import type { DevIssuer } from '../auth/dev-issuer.js';
import { parseUserKey } from '../auth/identity.js';
import type { FacadeConfig } from '../config.js';
import type { SyncEnvironment } from '../sync/run-manager.js';
import { clientCredentialsToken } from '../bc-api/upstream-token.js';
import { RunEnvironmentError } from '../sync/run-refusals.js';
import { injectFetch } from './inject-fetch.js';

export interface EnvironmentDeps {
  readonly app: FastifyInstance;
  readonly config: FacadeConfig;
  readonly db: Db;
  readonly clock: Clock;
  readonly devIssuer: DevIssuer | null;
}

/** The company server-side runs sync with: the first one (the facade holds one in the demo). */
async function defaultCompanyId(db: Db): Promise<string | null> {
  const companies = await listCompanies(db);
  return companies[0]?.id ?? null;
}

/**
 * How server-side runs (scheduler, CLI, pane-started server runs) reach both sides: BC through the
 * store (or, in upstream mode, through the facade's own API), the mailbox through Graph with
 * app-only access — the embedded emulator by default, answered in-process.
 */
export async function serverEnvironment(deps: EnvironmentDeps): Promise<SyncEnvironment> {
  const { app, config, db, clock, devIssuer } = deps;
  const local = injectFetch(app);
  const companyId = await defaultCompanyId(db);
  const graphToken = graphTokenSource(config, devIssuer);
  return {
    bcContacts: (_userId, io) => {
      if (config.upstreamBc) {
        if (!devIssuer)
          throw new RunEnvironmentError(
            'upstreamNeedsServiceToken',
            'Upstream mode runs need AUTH_MODE=dev or a service token; see README.',
          );
        return new HttpBcContacts({
          baseUrl: 'http://facade.internal/api/v2.0',
          companyId: companyId ?? '',
          getToken: () => devIssuer.appToken('facade', ['BC.ReadWrite.All']),
          fetch: local,
          timeoutMs: config.timeouts.bcMs,
          ...(io ? { signal: io.signal } : {}),
        });
      }
      if (!companyId)
        throw new RunEnvironmentError(
          'noCompany',
          'The facade holds no company: seed the demo (SEED_DEMO=1) or set BC_* upstream.',
        );
      return new StoreBcContacts(db, clock, companyId);
    },
    mailboxFor: (userId, io) => {
      // Refused before the run starts, so the caller gets the reason instead of a failed run.
      if (!graphToken) throw graphAppMissing();
      const key = parseUserKey(userId);
      if (!key) throw new Error(`${userId} is not a user key <tenant id>:<object id>.`);
      return new GraphMailbox({
        timeoutMs: config.timeouts.graphMs,
        ...(io ? { signal: io.signal } : {}),
        baseUrl: config.graphBaseUrl ?? 'http://facade.internal/graph/v1.0',
        // /users/{object id}: Graph and the embedded emulator both address a mailbox by it.
        mailbox: { kind: 'user', id: key.oid },
        getToken: graphToken,
        ...(config.graphBaseUrl ? {} : { fetch: local }),
      });
    },
  };
}

function graphAppMissing(): RunEnvironmentError {
  return new RunEnvironmentError(
    'graphAppMissing',
    'Server-side runs (schedule, CLI) need Graph app access: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (see README).',
  );
}

/** App-only Graph tokens for server-side runs; null when this configuration has none. */
function graphTokenSource(config: FacadeConfig, devIssuer: DevIssuer | null): (() => Promise<string>) | null {
  if (config.graphApp) {
    return clientCredentialsToken({
      ...config.graphApp,
      scope: 'https://graph.microsoft.com/.default',
      timeoutMs: config.timeouts.tokenMs,
    });
  }
  if (devIssuer) return () => devIssuer.appToken('graph');
  return null;
}
