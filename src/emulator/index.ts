import { shownInput } from '../platform/shown-input.js';
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { installInputGuard } from '../platform/http-guard.js';
import { guardedServerOptions } from '../platform/server-options.js';
import { emulatorAdminPlugin } from './admin-plugin.js';
import { GraphError, errorBody } from './errors.js';
import { createGraphEmulator } from './emulator.js';
import type { GraphEmulator } from './emulator.js';
import { GRAPH_TEXT_RULE, graphApiPlugin } from './graph-plugin.js';
import { GRAPH_BODY_LIMIT } from './body-limits.js';
import type { GraphEmulatorOptions } from './options.js';

export { GraphEmulator, createGraphEmulator } from './emulator.js';
export { exportSeed } from './persist.js';
export { journalEntry, replayJournal } from './journal.js';
export type { JournalEntry } from './journal.js';
export { graphApiPlugin } from './graph-plugin.js';
export { emulatorAdminPlugin } from './admin-plugin.js';
/**
 * @internal The emulator's tests and harnesses mint the Graph tokens it trusts (its `auth`
 * option) with an issuer of their own; a host keeps the emulator's own issuer.
 */
export { createTestIssuer } from './test-issuer.js';
/** @internal createTestIssuer's issuer, as the harnesses that keep one type it. */
export type { TestIssuer } from './test-issuer.js';
/** @internal admin.test.ts and bench/suite type `GET /_emulator/counters` by it. */
export type { CountersSnapshot } from './counters.js';
export type { SeedData } from './options.js';
/** @internal bench/suite sets the emulator's latency and limits with it (`PUT /_emulator/config`). */
export type { RuntimeConfigPatch } from './options.js';

/** @internal The standalone emulator (main.ts, `npm run emulator`, not shipped) and tests use it. */
export interface StandaloneOptions extends GraphEmulatorOptions {
  /** Reuse an existing emulator state (otherwise one is created from the options). */
  emulator?: GraphEmulator;
  /** Version root of the Graph API (default `/v1.0`). */
  graphPrefix?: string;
  /** Admin root (default `/_emulator`). */
  adminPrefix?: string;
  /** Secret for the admin routes (X-Admin-Token); a random one when absent (see StandaloneEmulator). */
  adminToken?: string;
  /** Honour X-Forwarded-Proto/Host when building nextLink/deltaLink (emulator behind a TLS proxy). */
  trustProxy?: boolean;
}

/** @internal The standalone emulator (main.ts, `npm run emulator`, not shipped) and tests use it. */
export interface StandaloneEmulator {
  app: FastifyInstance;
  emulator: GraphEmulator;
  /** What the admin routes expect in X-Admin-Token. */
  adminToken: string;
}

/**
 * Standalone app: Graph at `/v1.0/...`, admin at `/_emulator/...`. To mount inside another Fastify
 * app instead, create the state with createGraphEmulator() and register graphApiPlugin (prefix
 * `/graph/v1.0`) and emulatorAdminPlugin (prefix `/_emulator`) yourself.
 * @internal The standalone emulator (main.ts, `npm run emulator`, not shipped) and tests use it.
 */
export async function startableGraphEmulator(options: StandaloneOptions = {}): Promise<StandaloneEmulator> {
  const emulator = options.emulator ?? (await createGraphEmulator(options));
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    // The facade's default (server/app.ts): Graph's routes and /seed name larger ones of their own.
    bodyLimit: GRAPH_BODY_LIMIT,
    // Errors before any route (bad URL, overlong headers, broken HTTP) in Graph's shape too.
    ...guardedServerOptions((status, code, message) =>
      errorBody(new GraphError(status, code, message), emulator.newIds(undefined)),
    ),
  });
  installInputGuard(app, GRAPH_TEXT_RULE);
  // A path no route takes (outside /v1.0, an unknown admin route): Graph's shape, the path quoted
  // (Fastify's own 404 echoed the whole URL as sent, up to the 8 KB a URL may have).
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const error = new GraphError(
      404,
      'NotFound',
      `No route ${shownInput(request.method)} '${shownInput(path)}'.`,
    );
    await reply.code(404).send(errorBody(error, emulator.newIds(undefined)));
  });
  await app.register(graphApiPlugin, { emulator, prefix: options.graphPrefix ?? '/v1.0' });
  await app.register(emulatorAdminPlugin, {
    emulator,
    adminToken,
    prefix: options.adminPrefix ?? '/_emulator',
  });
  return { app, emulator, adminToken };
}
