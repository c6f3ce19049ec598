import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { BcContact } from '../../core/model.js';
import { BC_FIELD_LENGTHS } from '../../core/mapping.js';
import { emptySyncFields, normalizeEmail } from '../../core/model.js';
import type { BcContacts } from '../../core/ports.js';
import { HttpError } from '../http-error.js';
import type { SyncServices } from './services.js';

// Deliberately permissive, as the engine's: one @, something on both sides, no spaces.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;
/** How long one add may hold an address (a create is one BC call with its own deadline). */
const ADD_LEASE_MS = 60_000;

/** The BC contacts whose E-Mail is `email`: case-insensitively, NFC (issue 8 §5, §7). */
async function contactsWithEmail(bc: BcContacts, email: string): Promise<BcContact[]> {
  const wanted = normalizeEmail(email);
  // The port may answer a superset (design: the caller compares again).
  return (await bc.findByEmails([email])).filter((c) => normalizeEmail(c.email) === wanted);
}

function checkedEmail(email: unknown): string {
  const text = typeof email === 'string' ? email.trim() : '';
  if (!EMAIL_SHAPE.test(text))
    throw new HttpError(400, 'BadRequest_InvalidValue', 'email must be an e-mail address.', [
      { target: 'email', message: 'not an e-mail address' },
    ]);
  return text;
}

/**
 * "This sender" (issue 8 §7): the look-up of a message's sender in BC and "Add to Business Central".
 * Both compare the address case-insensitively. Adding is idempotent: a repeated add (a double click,
 * a retry after a lost answer) or a concurrent one of the same address creates one contact. Adds of
 * one address in this process join the one in flight; across processes they take turns under a
 * lease in the state store, and the second finds what the first created.
 */
export const senderRoutes: FastifyPluginAsync<{ svc: SyncServices }> = async (app, { svc }) => {
  /** Adds that answer the same caller: by senderAddKeys' joinKey. */
  const inFlight = new Map<string, Promise<Added>>();
  /** The last add of an address in a company in this process: by leaseKey. */
  const turns = new Map<string, Promise<Added>>();

  app.get<{ Querystring: { email: string } }>(
    '/sender',
    {
      schema: {
        tags: ['sender'],
        summary: 'BC contacts whose E-Mail is this address (case-insensitive)',
        querystring: {
          type: 'object',
          required: ['email'],
          properties: { email: { type: 'string', maxLength: 320 } },
        },
      },
    },
    async (request) => {
      const userId = await svc.user(request);
      const email = checkedEmail(request.query.email);
      return { contacts: await contactsWithEmail(await svc.bcOf(request, userId), email) };
    },
  );

  app.post<{ Body: { email: string; displayName?: string } }>(
    '/sender',
    {
      schema: {
        tags: ['sender'],
        summary:
          'Add the sender to BC as a Person unless a contact with this E-Mail exists (201 created, 200 found)',
        body: {
          type: 'object',
          required: ['email'],
          additionalProperties: false,
          // What BC's Contact table holds (E-Mail Text[80], Name Text[100]): a longer address was
          // accepted here and refused by BC as 502 BcWriteFailed.
          properties: {
            email: { type: 'string', maxLength: BC_FIELD_LENGTHS.email },
            displayName: { type: 'string', maxLength: BC_FIELD_LENGTHS.displayName },
          },
        },
      },
    },
    async (request, reply) => {
      const userId = await svc.user(request);
      const email = checkedEmail(request.body.email);
      const displayName = request.body.displayName?.trim() || email;
      const bc = await svc.bcOf(request, userId);
      const { joinKey, leaseKey } = senderAddKeys(userId, bc.companyId, email);
      let adding = inFlight.get(joinKey);
      if (!adding) {
        // Another user's add of the address in this company goes first; this one then finds its
        // contact with its own look-up (one contact, each answer the caller's own).
        const before = turns.get(leaseKey);
        const mine: Promise<Added> = (before ?? Promise.resolve())
          .catch(() => undefined)
          .then(() => addOnce(svc, bc, leaseKey, email, displayName))
          .finally(() => {
            inFlight.delete(joinKey);
            if (turns.get(leaseKey) === mine) turns.delete(leaseKey);
          });
        adding = mine;
        inFlight.set(joinKey, mine);
        turns.set(leaseKey, mine);
      }
      const result = await adding;
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );
};

/**
 * Keys of one add. `joinKey`: adds that may share one answer in this process — the same user, company
 * and address (another user's add answers that user, never this one: issue 10, a cross-user leak).
 * `leaseKey`: adds that take turns across processes — every user of one company, so one address
 * becomes one contact there; another company's add of the address is never held up by it.
 */
export function senderAddKeys(
  userId: string,
  companyId: string | undefined,
  email: string,
): { joinKey: string; leaseKey: string } {
  // JSON of the parts: no user id, company id or address can make two different keys equal.
  const leaseKey = `sender-add:${JSON.stringify([companyId ?? null, normalizeEmail(email)])}`;
  return { joinKey: JSON.stringify([userId, leaseKey]), leaseKey };
}

type Added = { contact: BcContact; created: boolean };

async function addOnce(
  svc: SyncServices,
  bc: BcContacts,
  key: string,
  email: string,
  displayName: string,
): Promise<Added> {
  const owner = `sender-${randomUUID()}`;
  const lease = await svc.store.acquireLease(key, owner, svc.ctx.clock.now(), ADD_LEASE_MS);
  if (!lease.ok)
    throw new HttpError(409, 'AddInProgress', 'This address is being added right now; check again shortly.');
  try {
    const [found] = await contactsWithEmail(bc, email);
    if (found) return { contact: found, created: false };
    const [r] = await bc.create([{ ...emptySyncFields(), type: 'Person', displayName, email }]);
    if (!r?.ok)
      throw new HttpError(
        502,
        'BcWriteFailed',
        `Business Central refused the contact: ${r?.error.message ?? 'no answer'}`,
      );
    return { contact: r.value, created: true };
  } finally {
    await svc.store.releaseLease(key, owner);
  }
}
