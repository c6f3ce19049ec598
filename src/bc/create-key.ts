import type * as NodeCrypto from 'node:crypto';
import { SYNC_FIELDS, nfc } from '../core/model.js';
import type { BcContactDraft } from '../core/ports.js';
import type { Json } from './bc-wire.js';

/*
 * The Idempotency-Key of a BC contact create that carries a create key (BcContactDraft.createKey:
 * "this import of this Outlook contact", "this re-creation of that deleted contact", "this sender
 * added"), the same on every host that makes the create (the pane over HTTP, the scheduler and the
 * CLI in-process) and on every resend (lead's trust list, item 1: a creator stalled between its
 * look-up under the company's create turn and the wire, the turn lapsed, another host of the same
 * user looked up, found nothing and created; then the first create landed — two contacts of one
 * e-mail). The facade names the contact from it (store/bc-contact-writes.ts keyedContactId, F75),
 * so the second create of one key answers the contact the first made.
 *
 * The key holds the company, the create key and the body as sent: the same key is therefore the
 * same request (same URL, same body — never 422 IdempotencyKeyReused), and two hosts that read
 * different values (one saw a later edit) make two keys, so two different imports never collapse
 * into one contact here; the create turn's look-up by e-mail still guards those.
 */

/** What the header's value starts with (a key the engine made, not a pane's random UUID). */
const PREFIX = 'bcsync-create-';

/**
 * The BC API body of a create (what HttpBcContacts POSTs and the facade's route parses): `type`
 * and every sync field, text in its one form (nfc, as the facade's body parser keeps it).
 */
export function createBody(draft: BcContactDraft): Json {
  const body: Json = { type: draft.type };
  for (const f of SYNC_FIELDS) body[f] = nfc(draft[f]);
  return body;
}

/**
 * Node's own crypto module where the engine runs in Node (the scheduler, the CLI, the server's
 * runs); undefined in a browser (the pane), which has Web Crypto only. Asked of the process, not
 * imported: the pane's bundle has no `node:crypto` to resolve.
 */
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined;

/**
 * The Idempotency-Key of `draft`'s create in `companyId` (`bcsync-create-` and 43 base64url
 * characters of SHA-256: within the header's 1–255 visible ASCII), or null for a draft without a
 * create key (a create that stays a request of its own).
 *
 * In Node the digest is Node's, made at once: Web Crypto's is a thread-pool job (the create's
 * request waited for the event loop to come round, under load for milliseconds, between the run's
 * pre-create saves and its BC creates: issue 12, delta-outlook-1pct), and its first use in a
 * process loads its internals (6–15 ms of CPU in a fresh CLI or benchmark run). The pane's engine
 * uses Web Crypto. The same digest either way: keys made before stay the same.
 */
export async function createKeyOf(companyId: string, draft: BcContactDraft): Promise<string | null> {
  const bytes = keyBytes(companyId, draft);
  if (bytes === null) return null;
  const digest = nodeCrypto
    ? nodeCrypto.createHash('sha256').update(bytes).digest()
    : new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return PREFIX + base64url(digest);
}

/**
 * createKeyOf made at once, where Node's crypto is at hand (the in-process adapter: it tells a
 * create's contact id ahead without a wait, BcContacts.createdIdOf); null elsewhere, or for a draft
 * without a create key.
 */
export function createKeyOfNow(companyId: string, draft: BcContactDraft): string | null {
  const bytes = keyBytes(companyId, draft);
  if (bytes === null || !nodeCrypto) return null;
  return PREFIX + base64url(nodeCrypto.createHash('sha256').update(bytes).digest());
}

/** What a create's key is the digest of: the company, the create key, the body sorted by name. */
function keyBytes(companyId: string, draft: BcContactDraft): Uint8Array<ArrayBuffer> | null {
  if (draft.createKey === undefined || draft.createKey === '') return null;
  const body = createBody(draft);
  const sorted = Object.keys(body)
    .sort()
    .map((k) => [k, body[k]]);
  return new TextEncoder().encode(JSON.stringify([companyId.toLowerCase(), draft.createKey, sorted]));
}

/**
 * The principal an Idempotency-Key belongs to for a user (server/app.ts principalOf names a user's
 * token so): the in-process adapter keys a create as the BC API would key that user's request, so
 * the pane's create and the scheduler's of one import name the same contact, and another user's
 * never does.
 */
export function userPrincipal(userId: string): string {
  return `user:${userId}`;
}

/**
 * The write key (server/idempotency.ts writeKeyOf) of a request of `principal` sent with the
 * Idempotency-Key `key`: alone or as an operation of a `$batch`, one form, so both name one contact.
 */
export function keyedWriteKey(principal: string, key: string): string {
  return JSON.stringify([principal, key]);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}
