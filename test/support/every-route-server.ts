import { expect } from '@jest/globals';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { endpointsServedBy } from '../server/fuzz-inputs.js';
import type { Endpoint } from '../server/fuzz-inputs.js';
import { everyAccessOf, NO_RATE_LIMIT, startQuietServer } from './quiet-server.js';

/**
 * A quiet server without rate limits (the tests send a request per route), Ann's authorizations that
 * reach every route's handler, and the table of the routes it serves: what the tests that send one
 * kind of input to every route of the facade, the BC API and the embedded Graph start from.
 */
export interface EveryRouteServer {
  readonly app: FastifyInstance;
  /** `Bearer …` of Ann on the facade, with every scope and the admin role (everyAccessOf). */
  readonly facade: string;
  /** `Bearer …` of Ann on the embedded Graph emulator. */
  readonly graph: string;
  /** The demo company's id. */
  readonly companyId: string;
  /** The server's route table (endpointsServedBy): the rows `keep` kept. */
  readonly endpoints: Endpoint[];
  /** `payload` as JSON (Content-Type application/json), as `authorization` (the facade's if not named). */
  sendJson(
    method: InjectOptions['method'],
    url: string,
    payload: InjectOptions['payload'],
    authorization?: string,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Starts an EveryRouteServer on a fresh DATA_DIR named by `dirPrefix`, its table kept to the rows `keep` keeps. */
export async function startEveryRouteServer(
  dirPrefix: string,
  keep: (endpoint: Endpoint) => boolean = () => true,
): Promise<EveryRouteServer> {
  const server = await startQuietServer(dirPrefix, { overrides: NO_RATE_LIMIT });
  try {
    const access = await everyAccessOf(server, 'ann@contoso.com');
    const endpoints = (await endpointsServedBy(server, access)).filter(keep);
    return {
      app: server.app,
      ...access,
      endpoints,
      sendJson: (method, url, payload, authorization = access.facade) =>
        server.app.inject({
          method,
          url,
          headers: { authorization, 'content-type': 'application/json' },
          payload,
        }),
      close: () => server.close(),
    };
  } catch (e) {
    await server.close();
    throw e;
  }
}

/**
 * The route table's `names` hold every one of `listed` (the routes a test names as its examples),
 * and more than `atLeast` routes in all (a table that lost its rows would pass any loop over it).
 */
export function expectRouteTable(names: readonly string[], listed: readonly string[], atLeast: number): void {
  expect(names).toEqual(expect.arrayContaining([...listed]));
  expect(names.length).toBeGreaterThan(atLeast);
}
