import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * The origin of every link an answer carries (`@odata.context`, `@odata.nextLink`,
 * `@odata.deltaLink`, `Location`): where the client reached this server, so it can follow them.
 *
 * - A request whose Host is PUBLIC_ORIGIN's host gets PUBLIC_ORIGIN itself: a reverse proxy that
 *   ends TLS forwards plain HTTP with the public Host, and the link must keep the public https.
 * - Any other request gets its own scheme and Host (loopback clients, the CLI, tests): a client
 *   checks that links stay on the origin it called (http-bc-contacts.ts), so they cannot name another.
 * - An operation of a `$batch` runs in-process (app.inject, always plain http): it answers with
 *   the envelope's origin, which the batch hands over for the time the operation runs.
 */
export function linkOrigin(request: FastifyRequest, publicOrigin: string | null): string {
  const key = request.headers[OPERATION_HEADER];
  const envelope = typeof key === 'string' ? operations.get(key) : undefined;
  if (envelope !== undefined) return envelope;
  if (publicOrigin !== null && sameHost(request.host, new URL(publicOrigin).host)) return publicOrigin;
  return `${request.protocol}://${request.host}`;
}

/**
 * Runs one in-process operation of `envelope` (a $batch) so that its links use the envelope's
 * origin: `run` gets the header to send with the operation. The key is random and lives only while
 * the operation runs, so a client that sends the header itself changes nothing.
 */
export async function asOperationOf<T>(
  origin: string,
  run: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  const key = randomUUID();
  operations.set(key, origin);
  try {
    return await run({ [OPERATION_HEADER]: key });
  } finally {
    operations.delete(key);
  }
}

const OPERATION_HEADER = 'x-bc-sync-operation-of';
const operations = new Map<string, string>();

/** Host names compare without case; an explicit default port equals none (RFC 3986 §6.2.3). */
function sameHost(a: string, b: string): boolean {
  const norm = (h: string) => h.toLowerCase().replace(/:(80|443)$/, '');
  return norm(a) === norm(b);
}
