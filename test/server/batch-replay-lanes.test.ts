import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { OPERATIONS_IN_FLIGHT } from '../../src/server/bc-api/batch-lanes.js';
import { startFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

// Review (reviewer, this session): a `$batch` runs at most OPERATIONS_IN_FLIGHT of its operations at
// once (batch-lanes.ts: the database pool, 10 connections, is shared with every other request of
// the facade). Its replay check (batch.ts, 14b2459) read every create's and update's entity again,
// and made the deleted ones again, all at once: one resend of a 100-operation batch held 100
// statements against that pool, and a failing one left the others running unobserved. Now the
// check goes through the same width.

let f: Facade;
/** Statements on BC contacts in flight now, and the most seen at once. */
let inFlight = 0;
let most = 0;
beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  f = await startFacade({ template });
  const query = f.db.query.bind(f.db);
  f.db.query = (async (...args: Parameters<typeof query>) => {
    const counted = String(args[0]).includes('bc_contacts');
    if (counted) most = Math.max(most, ++inFlight);
    try {
      return await query(...args);
    } finally {
      if (counted) inFlight--;
    }
  }) as typeof f.db.query;
});
afterAll(async () => {
  await f.close();
});

async function batch(body: unknown, key: string) {
  const res = await f.app.inject({
    method: 'POST',
    url: '/api/v2.0/$batch',
    headers: { authorization: f.auth, 'content-type': 'application/json', 'idempotency-key': key },
    payload: JSON.stringify(body),
  });
  return {
    status: res.statusCode,
    replayed: res.headers['idempotent-replayed'] === 'true',
    body: res.json(),
  };
}

describe('a $batch sent again with its Idempotency-Key', () => {
  test.each([
    ['unchanged', false],
    ['each contact deleted since', true],
  ])(
    '24 creates, %s: the replay check runs at most OPERATIONS_IN_FLIGHT statements at once',
    async (_name, deleted) => {
      const tag = randomUUID().slice(0, 8);
      const body = {
        requests: Array.from({ length: 24 }, (_, n) => ({
          id: String(n + 1),
          method: 'POST',
          url: `companies(${f.company.id})/contacts`,
          body: { displayName: `Lane ${n}`, email: `lane.${tag}.${n}@fabrikam.com` },
        })),
      };
      const key = randomUUID();
      const first = await batch(body, key);
      expect(first.status).toBe(200);
      const ids = (first.body.responses as { status: number; body: { id: string } }[]).map((r) => {
        expect(r.status).toBe(201);
        return r.body.id;
      });
      if (deleted)
        for (const id of ids) {
          const gone = await f.app.inject({
            method: 'DELETE',
            url: `/api/v2.0/companies(${f.company.id})/contacts(${id})`,
            headers: { authorization: f.auth, 'if-match': '*' },
          });
          expect(gone.statusCode).toBe(204);
        }
      most = 0;
      const again = await batch(body, key);
      expect(again.status).toBe(200);
      const answered = (again.body.responses as { status: number; body: { id: string } }[]).map(
        (r) => r.body.id,
      );
      if (deleted) expect(answered.filter((id) => ids.includes(id))).toEqual([]);
      else expect([again.replayed, answered]).toEqual([true, ids]);
      expect(most).toBeLessThanOrEqual(OPERATIONS_IN_FLIGHT);
    },
  );
});
