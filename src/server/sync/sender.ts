import type { ReplayCheck } from '../replay.js';
import { bodyFields } from '../replay.js';
import { senderAddAnswer, senderContactsAnswer } from './answer-schemas.js';
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { BcContact } from '../../core/model.js';
import { isBcEmail } from '../../core/email-address.js';
import { BC_FIELD_LENGTHS } from '../../core/bc-field-rules.js';
import { emptySyncFields, normalizeEmail } from '../../core/model.js';
import { senderKey } from '../../core/create-keys.js';
import type { BcContactDraft, BcContacts } from '../../core/ports.js';
import { HttpError, wordedRefusal } from '../http-error.js';
import type { SyncServices } from './services.js';
import { oneOffCreateTurn } from './one-off-turn.js';
import { BULK_WORK } from '../work-limits.js';

/** The BC contacts whose E-Mail is `email`: case-insensitively, NFC (issue 8 §5, §7). */
async function contactsWithEmail(bc: BcContacts, email: string): Promise<BcContact[]> {
  const wanted = normalizeEmail(email);
  // The port may answer a superset (design: the caller compares again).
  return (await bc.findByEmails([email])).filter((c) => normalizeEmail(c.email) === wanted);
}

function checkedEmail(email: unknown): string {
  const text = typeof email === 'string' ? email.trim() : '';
  // The one rule of what BC's E-Mail field takes (core/email-address.ts), as the engine's.
  if (!isBcEmail(text))
    throw new HttpError(400, 'BadRequest_InvalidValue', 'email must be an e-mail address.', [
      { target: 'email', message: 'not an e-mail address' },
    ]);
  return text;
}

/**
 * "This sender" (issue 8 §7): the look-up of a message's sender in BC and "Add to Business Central".
 * Both compare the address case-insensitively. Adding is idempotent: a repeated add (a double click,
 * a retry after a lost answer) or a concurrent one of the same address creates one contact. Adds of
 * one address in this process join the one in flight; every add then creates under the company's
 * create turn (core/lease.ts) — the one lease every creator of the company takes, server, CLI and
 * pane runs too (tester F61) — and looks the address up again under it, so the second finds what
 * the first created, whichever host created it.
 */
export const senderRoutes: FastifyPluginAsyncTypebox<{ svc: SyncServices }> = async (app, { svc }) => {
  /** Adds that answer the same caller: by senderAddKeys' joinKey. */
  const inFlight = new Map<string, Promise<Added>>();
  /** The last add of an address in a company in this process: by senderAddKeys' orderKey. */
  const turns = new Map<string, Promise<Added>>();

  app.get(
    '/sender',
    {
      schema: {
        tags: ['sender'],
        summary: 'BC contacts whose E-Mail is this address (case-insensitive)',
        querystring: Type.Object({ email: Type.String({ maxLength: 320 }) }),
        response: { 200: senderContactsAnswer },
      },
    },
    async (request) => {
      const userId = await svc.user(request);
      const email = checkedEmail(request.query.email);
      return { contacts: await contactsWithEmail(await svc.bcOf(request, userId), email) };
    },
  );

  app.post(
    '/sender',
    {
      // Each add waits in line for the company's create turn, colleagues' runs and adds too: one
      // user's many at once would make everyone wait (tester F110); bounded as bulk work.
      // Sent again with its Idempotency-Key: answered the contact as it is now; once deleted in BC
      // (or no longer of this address), added again (replay.ts; helper idem's brief, fault 1).
      // Kept answers only to a caller whose BC company the adapter still reaches (its membership).
      config: {
        ...BULK_WORK,
        replay: senderReplay(svc),
        access: async (request) => svc.bcOf(request, await svc.user(request)),
      },
      schema: {
        tags: ['sender'],
        summary:
          'Add the sender to BC as a Person unless a contact with this E-Mail exists (201 created, 200 found)',
        // What BC's Contact table holds (E-Mail Text[80], Name Text[100]): a longer address was
        // accepted here and refused by BC as 502 BcWriteFailed.
        body: Type.Object(
          {
            email: Type.String({ maxLength: BC_FIELD_LENGTHS.email }),
            displayName: Type.Optional(Type.String({ maxLength: BC_FIELD_LENGTHS.displayName })),
          },
          { additionalProperties: false },
        ),
        response: { 200: senderAddAnswer, 201: senderAddAnswer },
      },
    },
    async (request, reply) => {
      const userId = await svc.user(request);
      const email = checkedEmail(request.body.email);
      const displayName = request.body.displayName?.trim() || email;
      const bc = await svc.bcOf(request, userId);
      const { joinKey, orderKey } = senderAddKeys(userId, bc.companyId, email);
      let adding = inFlight.get(joinKey);
      if (!adding) {
        // Another user's add of the address in this company goes first; this one then finds its
        // contact with its own look-up (one contact, each answer the caller's own).
        const before = turns.get(orderKey);
        const mine: Promise<Added> = (before ?? Promise.resolve())
          .catch(() => undefined)
          .then(() => addOnce(svc, bc, userId, email, displayName))
          .finally(() => {
            inFlight.delete(joinKey);
            if (turns.get(orderKey) === mine) turns.delete(orderKey);
          });
        adding = mine;
        inFlight.set(joinKey, mine);
        turns.set(orderKey, mine);
      }
      const result = await adding;
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );
};

/** The check of a kept add's answer: its contact read again through the caller's BC adapter. */
function senderReplay(svc: SyncServices): ReplayCheck {
  return async (request, kept) => {
    const answered = (kept.body as { contact?: BcContact } | null)?.contact;
    if (answered?.id === undefined) return { kind: 'holds' };
    const bc = await svc.bcOf(request, await svc.user(request));
    const [now] = await bc.getMany([answered.id]);
    const { email } = bodyFields(request);
    if (now === undefined || typeof email !== 'string' || normalizeEmail(now.email) !== normalizeEmail(email))
      return { kind: 'gone' };
    return now.etag === answered.etag
      ? { kind: 'holds' }
      : { kind: 'now', body: { ...(kept.body as object), contact: now } };
  };
}

/**
 * Keys of one add. `joinKey`: adds that may share one answer in this process — the same user, company
 * and address (another user's add answers that user, never this one: issue 10, a cross-user leak).
 * `orderKey`: adds in this process that go one after another — every user of one company adding one
 * address, so the second finds the first's contact instead of waiting for the turn; another
 * company's add of the address is never held up by it.
 * @internal
 */
export function senderAddKeys(
  userId: string,
  companyId: string | undefined,
  email: string,
): { joinKey: string; orderKey: string } {
  // JSON of the parts: no user id, company id or address can make two different keys equal.
  const orderKey = `sender-add:${JSON.stringify([companyId ?? null, normalizeEmail(email)])}`;
  return { joinKey: JSON.stringify([userId, orderKey]), orderKey };
}

type Added = { contact: BcContact; created: boolean };

/**
 * The BC contact "This sender" makes: a Person of the name and address, keyed by the address
 * (create-keys.ts senderKey), so an add from any host of the user stalled past the create turn and
 * sent after another add made the contact is answered that contact (lead's trust list, item 1).
 * @internal exported for the create paths' table (test/server/create-key-hosts.test.ts).
 */
export function senderDraft(email: string, displayName: string): BcContactDraft {
  return {
    ...emptySyncFields(),
    type: 'Person',
    displayName,
    email,
    createKey: senderKey(normalizeEmail(email)),
  };
}

async function addOnce(
  svc: SyncServices,
  bc: BcContacts,
  userId: string,
  email: string,
  displayName: string,
): Promise<Added> {
  // Names who holds the company's turn (logs, and the turn's holder seen by tests). In line with
  // the runs (create-turn.ts): an add waits its turn, it does not jump the queue.
  const owner = JSON.stringify(['sender', userId, randomUUID()]);
  return oneOffCreateTurn(
    svc,
    bc.companyId,
    owner,
  )(async (held, sending) => {
    const [found] = await contactsWithEmail(bc, email);
    if (found) return { contact: found, created: false };
    // The look-up holds only while the turn is still this add's (a slow BC past the turn's time,
    // another creator meanwhile): else nothing is made, 409 as when the turn never came.
    await held();
    // Sent again by the adapter (after a 429's wait…) only while the turn is still this add's.
    const again = async (): Promise<boolean> => {
      await held();
      return true;
    };
    // Through the turn's `sending`: a lost answer keeps the turn until the create can no longer land.
    const [r] = await sending(() => bc.create([senderDraft(email, displayName)], undefined, again));
    if (!r?.ok)
      throw wordedRefusal(
        502,
        'BcWriteFailed',
        r ? { answered: 'yes', bcMessage: r.error.message } : { answered: 'no', bcMessage: '' },
      );
    return { contact: r.value, created: true };
  });
}
