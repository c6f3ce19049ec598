import type { FastifyInstance } from 'fastify';
import type { Logger } from '../core/ports.js';
import type { SyncEnvironment } from './sync/run-manager.js';

/**
 * The core's Logger on the app's pino logger (with its redaction), bound once the app exists: the
 * run manager is made before the app whose logger it writes to. Lines before then are dropped.
 */
export function lateLogger(): { readonly logger: Logger; bind(app: FastifyInstance): void } {
  let app: FastifyInstance | null = null;
  return {
    logger: {
      debug: (...line) => app?.log.debug(...line),
      info: (...line) => app?.log.info(...line),
      warn: (...line) => app?.log.warn(...line),
      error: (...line) => app?.log.error(...line),
    },
    bind: (a) => void (app = a),
  };
}

/**
 * Server-side runs reach both sides through the app itself (in-process BC API and Graph), so their
 * environment exists only once the app is ready; no run can start before that (nothing listens).
 * Every member and every argument is passed on as given: an earlier version passed two of three
 * arguments and no `access`, so `npm start`'s runs started by the pane ran app-only and no run
 * record said whose permissions it carried (found by test/server/tenant-processes).
 */
export function lateEnvironment(): { readonly env: SyncEnvironment; bind(real: SyncEnvironment): void } {
  let real: SyncEnvironment | null = null;
  const ready = (): SyncEnvironment => {
    if (!real) throw new Error('server-side runs started before the server was ready');
    return real;
  };
  return {
    env: {
      bcContacts: (...args) => ready().bcContacts(...args),
      mailboxFor: (...args) => ready().mailboxFor(...args),
      access: (...args) => ready().access?.(...args),
    },
    bind: (r) => void (real = r),
  };
}
