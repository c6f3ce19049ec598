import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { GatherPart } from './bc-api/batch-creates.js';

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
  const envelope = envelopeOf(request);
  if (envelope !== undefined) return envelope.origin;
  if (publicOrigin !== null && sameHost(request.host, new URL(publicOrigin).host)) return publicOrigin;
  return `${request.protocol}://${request.host}`;
}

/**
 * The write key of a `$batch` operation running in-process (see asOperationOf); null for any
 * other request, or an operation of a batch sent without an Idempotency-Key.
 */
export function operationWriteKey(request: FastifyRequest): string | null {
  return envelopeOf(request)?.writeKey ?? null;
}

/** The gathered run a `$batch` operation's create belongs to (bc-api/batch-creates.ts), if any. */
export function operationPartOf(request: FastifyRequest): GatherPart | undefined {
  return envelopeOf(request)?.part;
}

function envelopeOf(request: FastifyRequest): Envelope | undefined {
  const key = request.headers[OPERATION_HEADER];
  return typeof key === 'string' ? operations.get(key) : undefined;
}

/**
 * Runs one in-process operation of `envelope` (a $batch) so that its links use the envelope's
 * origin and its writes know their `writeKey` (the envelope's Idempotency-Key and the operation's
 * id, idempotency.ts `writeKeyOf`; null without a key): `run` gets the header to send with the
 * operation. The header's value is random and lives only while the operation runs, so a client
 * that sends the header itself changes nothing.
 */
export async function asOperationOf<T>(
  envelope: FastifyRequest,
  origin: string,
  run: (headers: Record<string, string>) => Promise<T>,
  writeKey: string | null = null,
  part?: GatherPart,
): Promise<T> {
  const key = randomUUID();
  operations.set(key, { origin, writeKey, caller: envelope, ...(part ? { part } : {}) });
  try {
    return await run({ [OPERATION_HEADER]: key });
  } finally {
    operations.delete(key);
  }
}

/**
 * The request whose caller `request` speaks for: the `$batch` envelope for one of its operations
 * sent with the envelope's own token, else `request` itself. What is known of a caller (its verified
 * token, memberships, companies) is kept per this request, so a batch's up to 100 operations are
 * checked once, as one request (issue 12 §2), and the client's next request is checked anew.
 */
export function callerRequestOf(request: FastifyRequest): FastifyRequest {
  const envelope = envelopeOf(request);
  return envelope !== undefined && envelope.caller.headers.authorization === request.headers.authorization
    ? envelope.caller
    : request;
}

const OPERATION_HEADER = 'x-bc-sync-operation-of';
interface Envelope {
  readonly origin: string;
  readonly writeKey: string | null;
  /** The `$batch` request, already checked (access.ts requireAccess) before its operations run. */
  readonly caller: FastifyRequest;
  /** Its create is gathered with the others of its run (bc-api/batch-creates.ts). */
  readonly part?: GatherPart;
}
const operations = new Map<string, Envelope>();

/** Host names compare without case; an explicit default port equals none (RFC 3986 §6.2.3). */
function sameHost(a: string, b: string): boolean {
  const norm = (h: string) => h.toLowerCase().replace(/:(80|443)$/, '');
  return norm(a) === norm(b);
}
