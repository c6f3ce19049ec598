import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { BcContact } from '../../core/model.js';
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
  const inFlight = new Map<string, Promise<{ contact: BcContact; created: boolean }>>();

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
      return { contacts: await contactsWithEmail(await svc.env().bcContacts(userId), email) };
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
          properties: {
            email: { type: 'string', maxLength: 320 },
            displayName: { type: 'string', maxLength: 100 },
          },
        },
      },
    },
    async (request, reply) => {
      const userId = await svc.user(request);
      const email = checkedEmail(request.body.email);
      const displayName = request.body.displayName?.trim() || email;
      const key = `sender-add:${normalizeEmail(email)}`;
      let adding = inFlight.get(key);
      if (!adding) {
        adding = addOnce(svc, userId, key, email, displayName).finally(() => inFlight.delete(key));
        inFlight.set(key, adding);
      }
      const result = await adding;
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );
};

async function addOnce(
  svc: SyncServices,
  userId: string,
  key: string,
  email: string,
  displayName: string,
): Promise<{ contact: BcContact; created: boolean }> {
  const owner = `sender-${randomUUID()}`;
  const lease = await svc.store.acquireLease(key, owner, svc.ctx.clock.now(), ADD_LEASE_MS);
  if (!lease.ok)
    throw new HttpError(409, 'AddInProgress', 'This address is being added right now; check again shortly.');
  try {
    const bc = await svc.env().bcContacts(userId);
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
