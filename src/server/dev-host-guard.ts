import { inputParams, shownInput } from '../platform/shown-input.js';
import type { FastifyInstance } from 'fastify';
import { isLoopbackHost } from '../platform/request-origin.js';
import { errorBody, reasonFor } from './http-error.js';

/**
 * The name server-side runs use to reach the app in-process (`injectFetch`, embedded/environment.ts).
 * A browser cannot send it: Host is a header page scripts cannot set, and `.internal` names are
 * reserved for private use, so no public DNS answers for them.
 */
const IN_PROCESS_HOST = 'facade.internal';

/**
 * Dev mode signs tokens for anyone who asks, so it answers only requests addressed to this machine
 * by a loopback name. Binding to 127.0.0.1 alone does not stop DNS rebinding: a web page on
 * `evil.example`, re-pointed at 127.0.0.1, reaches the server with `Host: evil.example` and would
 * otherwise mint tokens and read contacts. Such requests get 421 before any route runs. An empty Host
 * (HTTP/1.0) cannot come from a browser page, and Node refuses HTTP/1.1 requests without one.
 */
export function installDevHostGuard(app: FastifyInstance, publicOrigin: string | null): void {
  // The pane's own origin (PUBLIC_ORIGIN, e.g. a tunnel to this machine) is named by its operator.
  const named = publicOrigin ? hostName(new URL(publicOrigin).host) : null;
  app.addHook('onRequest', async (request, reply) => {
    const host = hostName(request.headers.host ?? '');
    if (host === '' || host === IN_PROCESS_HOST || host === named || isLoopbackHost(host)) return;
    return reply.status(421).send(
      errorBody(
        'MisdirectedRequest',
        `Host ${shownInput(host)} is not this machine: AUTH_MODE=dev answers only localhost, 127.0.0.1, ::1${named ? ` or ${named} (PUBLIC_ORIGIN)` : ''}.`,
        undefined,
        reasonFor(request.url, 'MisdirectedRequest', {
          kind: 'MisdirectedRequest',
          ...inputParams('host', host),
        }),
      ),
    );
  });
}

/** The name of a Host header without its port: `[::1]:3000` → `[::1]`, `localhost:3000` → `localhost`. */
function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0] ?? '';
}
