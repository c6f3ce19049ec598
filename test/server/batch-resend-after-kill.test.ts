import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';
import { pollUntil } from '../support/poll.js';
import { ProductProcesses, facadeFetch } from '../support/product-process.js';

// Tester F75, with real processes: a `$batch` of 100 creates sent with an Idempotency-Key to
// `npm start`, SIGKILLed once some of them committed, then sent again with the same key after the
// key's claim expired (120 s; here the claim row is aged in the database rather than waited for)
// gave 103 contacts for 100 addresses. Now each create's contact id comes from its request's key
// (the batch's key and the operation's id) in the insert's own transaction, so the resend finds
// what the killed process committed: 100 contacts, each answered 201 once more.

const USER = 'ann@contoso.com';
const TITLE = 'F75 killed batch';
const KEY = 'f75-killed-batch-key';
const product = new ProductProcesses();
let db: TestDatabase | undefined;
let sql: pg.Client | undefined;

afterAll(async () => {
  product.killAll();
  await sql?.end();
  await db?.drop();
});

const count = async (): Promise<number> =>
  Number(
    (
      await sql!.query<{ n: string }>('SELECT count(*)::text AS n FROM bc_contacts WHERE job_title = $1', [
        TITLE,
      ])
    ).rows[0]!.n,
  );

describe('a $batch of creates resent after its process was SIGKILLed mid-request (F75)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bcsync-f75-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the named example: 100 creates, killed part-way, resent with the key after the claim expired: 100 contacts', async () => {
    db = await createTestDatabase('f75_kill');
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    const env = { DATABASE_URL: db.url, SEED_DEMO: '1' };
    let { child, url } = await product.start(dir, env);
    const companies = (await (await facadeFetch(url, USER, '/api/v2.0/companies')).json()) as {
      value: { id: string }[];
    };
    const companyId = companies.value[0]!.id;
    const batch = JSON.stringify({
      requests: Array.from({ length: 100 }, (_, i) => ({
        id: String(i + 1),
        method: 'POST',
        url: `companies(${companyId})/contacts`,
        headers: { 'content-type': 'application/json' },
        body: {
          type: 'Person',
          displayName: `F75 Person ${i}`,
          email: `f75-${i}@fabrikam.com`,
          jobTitle: TITLE,
        },
      })),
    });
    const send = (at: string) =>
      facadeFetch(at, USER, '/api/v2.0/$batch', {
        method: 'POST',
        body: batch,
        headers: { 'idempotency-key': KEY },
      });

    // Killed once the first creates committed, while the batch still runs.
    const first = send(url).then(
      () => 'answered',
      () => 'no answer',
    );
    await pollUntil('first creates committed', async () => ((await count()) > 0 ? true : undefined), {
      everyMs: 10,
    });
    await product.stop(child, 'SIGKILL');
    expect(await first).toBe('no answer');
    const atKill = await count();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(100);
    // The dead process's claim: no answer kept. 120 s later it has expired; the test ages it.
    const claims = await sql.query('SELECT status FROM idempotency_keys WHERE key = $1', [KEY]);
    expect(claims.rows).toEqual([{ status: null }]);
    await sql.query("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1", [
      KEY,
    ]);

    ({ child, url } = await product.start(dir, env));
    const again = await send(url);
    expect(again.status).toBe(200);
    const responses = ((await again.json()) as { responses: { status: number }[] }).responses;
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 100 }, () => 201));
    expect(await count()).toBe(100);
    const emails = await sql.query('SELECT DISTINCT email FROM bc_contacts WHERE job_title = $1', [TITLE]);
    expect(emails.rows).toHaveLength(100);
    await product.stop(child, 'SIGKILL');
  });
});
