import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { STATE_LIMITS, STATE_REQUEST_LIMITS } from '../../src/core/state-limits.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { call, syncHarness, userOf } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

// Review V5: the scope's pending creates were the one state list with no per-scope cap and no
// pages. A user could POST 10,000 entries of up to 500 characters per request into each of their
// folders without end; GET /state/pending-creates answered them all in one body, and every run of
// the scope (the scheduler's, in the facade process) read them all before it planned. The kind is
// proven for every list by the scope-lists contract; this is the example, through the routes.

let h: SyncHarness;
const caps = { links: 10, skipped: 10, conflicts: 10, pending: 15_000 };

beforeAll(async () => {
  h = await syncHarness({ store: new MemorySyncStateStore({ caps }) });
});
afterAll(async () => h?.close());

describe('pending creates through the state routes (V5)', () => {
  test('a write past the cap is refused 409 ScopeFull; the list is read in pages', async () => {
    const user = userOf('pending-flood@contoso.com');
    const q = `userId=${encodeURIComponent(user)}&folderId=f1`;
    const entry = (n: number) =>
      JSON.stringify({ outlookId: `AAMk-${n}-${'x'.repeat(300)}`, email: `p${n}@x.com`, sent: 'a.b' });
    const write = async (chunk: number) => {
      const bcIds = Array.from({ length: STATE_REQUEST_LIMITS.ids }, (_, i) => entry(chunk * 100_000 + i));
      return call(h, user, 'POST', `/sync/v1/state/pending-creates?${q}`, { bcIds });
    };
    expect((await write(0)).status).toBe(204);
    const refused = await write(1);
    expect(refused.status).toBe(409);
    expect((refused.body.error as { code: string }).code).toBe('ScopeFull');

    const first = await call(h, user, 'GET', `/sync/v1/state/pending-creates?${q}`);
    expect(first.status).toBe(200);
    const page = first.body.bcIds as string[];
    expect(page).toHaveLength(STATE_LIMITS.pageSize);
    expect(first.body.next).toBe(page.at(-1));
    expect(typeof first.body['@odata.nextLink']).toBe('string');

    let seen = page.length;
    let next = first.body.next as string | null;
    for (let pages = 0; next !== null && pages < 20; pages++) {
      const more = await call(
        h,
        user,
        'GET',
        `/sync/v1/state/pending-creates?${q}&after=${encodeURIComponent(next)}`,
      );
      seen += (more.body.bcIds as string[]).length;
      next = more.body.next as string | null;
    }
    expect(next).toBeNull();
    expect(seen).toBe(STATE_REQUEST_LIMITS.ids);
  });
});
