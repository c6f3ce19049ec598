import { describe, expect, test } from '@jest/globals';
import { BASE, graphContact, graphErrorBody, scriptedGraph, scriptedMailbox } from './scripted-graph.js';
import type { Route, ScriptedRequest } from './scripted-graph.js';

// Issue 12 §2: a folder's contact list (1,000 a page) is read on the mailbox's 4 lanes by `$skip`
// once its first page says there is more, not one nextLink after another (50 round trips at 50,000).

const FOLDER = '/me/contactFolders/f1/contacts';
const PAGE = 1000;

/** A folder of `size` contacts listed by `$skip` as Graph pages it (nextLink = the request plus `$skip`). */
function listed(size: number, fail?: (skip: number) => boolean, nextOf?: (skip: number) => string): Route {
  return (req) => {
    if (!req.url.startsWith(`${FOLDER}?`))
      return { status: 500, body: graphErrorBody('Unexpected', req.url) };
    const skip = Number(new URLSearchParams(req.url.split('?')[1]).get('$skip') ?? '0');
    if (fail?.(skip)) return { status: 503, body: graphErrorBody('ServiceUnavailable', 'down') };
    const ids = Array.from({ length: Math.max(0, Math.min(PAGE, size - skip)) }, (_, i) => `c${skip + i}`);
    const more = skip + PAGE < size;
    return {
      status: 200,
      body: {
        value: ids.map((id) => graphContact(id, `k-${id}`)),
        ...(more
          ? { '@odata.nextLink': nextOf?.(skip + PAGE) ?? `${BASE}${req.url}&$skip=${skip + PAGE}` }
          : {}),
      },
    };
  };
}

const skips = (calls: readonly ScriptedRequest[]) =>
  calls.map((c) => Number(new URLSearchParams(c.url.split('?')[1]).get('$skip') ?? '0'));

describe('the folder list on lanes (issue 12 §2)', () => {
  test.each([
    // size, pages read at most (the list's own, and one past its end per other lane)
    [0, 1],
    [999, 1],
    [1000, 1],
    [1001, 2 + 3],
    [9500, 10 + 3],
  ])('%i contacts: every one once, in list order', async (size, most) => {
    const graph = scriptedGraph(listed(size));
    const contacts = await scriptedMailbox(graph).listContacts('f1');
    expect(contacts.map((c) => c.id)).toEqual(Array.from({ length: size }, (_, i) => `c${i}`));
    const pages = Math.max(1, Math.ceil(size / PAGE));
    expect(graph.calls.length).toBeGreaterThanOrEqual(pages);
    expect(graph.calls.length).toBeLessThanOrEqual(most);
    // Every page of the list was asked by its offset, the first without one; lane pages overlap
    // the page before them by one contact ($skip k × 999), so they can show the list shifted.
    expect(skips(graph.calls).slice(0, 1)).toEqual([0]);
    for (let p = 1; p < pages; p++) expect(skips(graph.calls)).toContain(p * (PAGE - 1));
  });

  test('pages after the first go out 4 at a time (the mailbox concurrency), not one after another', async () => {
    const graph = scriptedGraph(listed(20 * PAGE));
    expect(await scriptedMailbox(graph).listContacts('f1')).toHaveLength(20 * PAGE);
    expect(graph.inFlight.max).toBe(4);
  });

  test('a nextLink that does not page by $skip is followed page by page', async () => {
    const graph = scriptedGraph(
      listed(3 * PAGE + 5, undefined, (skip) => `${BASE}${FOLDER}?$top=1000&$skip=${skip}&$skiptoken=x`),
    );
    const contacts = await scriptedMailbox(graph).listContacts('f1');
    expect(contacts).toHaveLength(3 * PAGE + 5);
    expect(graph.calls).toHaveLength(4);
    expect(graph.inFlight.max).toBe(1);
  });

  test('a contact met on two pages (the list shifted while it was read) counts once', async () => {
    const base = listed(2 * PAGE + 10);
    const graph = scriptedGraph(async (req) => {
      const reply = await base(req);
      if (reply === 'drop' || !req.url.includes('$skip=999')) return reply;
      const body = reply.body as { value: Record<string, unknown>[] };
      // The second page has the first page's last contact twice.
      return { ...reply, body: { ...body, value: [graphContact('c999', 'k-c999'), ...body.value] } };
    });
    const ids = (await scriptedMailbox(graph).listContacts('f1')).map((c) => c.id);
    expect(ids).toHaveLength(2 * PAGE + 10);
    expect(new Set(ids).size).toBe(ids.length);
  });

  // A contact deleted while the lanes read shifts the rest back a place: the one at the page's
  // edge (c1000) was read by no lane, and a whole read without it re-creates its Outlook copy
  // beside it. The overlapping pages do not meet, so the list is read again.
  test.each([
    ['deleted while the lanes read: read again, no contact missed', 1, true],
    ['deleted under every read: the read fails, nothing is taken as the folder', 99, false],
  ])('a contact %s', async (_name, reads, completes) => {
    // Read n (up to `reads`) deletes c(499 + n) once its first page is read.
    let read = 0;
    const gone = new Set<string>();
    const graph = scriptedGraph(async (req) => {
      const skip = Number(new URLSearchParams(req.url.split('?')[1]).get('$skip') ?? '0');
      if (skip === 0) read++;
      else if (read <= reads) gone.add(`c${499 + read}`);
      const all = Array.from({ length: 2 * PAGE + 10 }, (_, i) => `c${i}`).filter((id) => !gone.has(id));
      const ids = all.slice(skip, skip + PAGE);
      return {
        status: 200,
        body: {
          value: ids.map((id) => graphContact(id, `k-${id}`)),
          ...(skip + PAGE < all.length
            ? { '@odata.nextLink': `${BASE}${req.url}&$skip=${skip + PAGE}` }
            : {}),
        },
      };
    });
    const reading = scriptedMailbox(graph).listContacts('f1');
    if (!completes) {
      await expect(reading).rejects.toMatchObject({ kind: 'unavailable' });
      expect(read).toBe(3);
      return;
    }
    const ids = (await reading).map((c) => c.id);
    expect(read).toBe(2);
    expect(ids.sort()).toEqual(
      Array.from({ length: 2 * PAGE + 10 }, (_, i) => `c${i}`)
        .filter((id) => id !== 'c500')
        .sort(),
    );
  });

  test('a page that fails fails the read, and no lane asks for another page after it', async () => {
    const graph = scriptedGraph(listed(30 * PAGE, (skip) => skip === 2 * (PAGE - 1)));
    await expect(scriptedMailbox(graph).listContacts('f1')).rejects.toMatchObject({ kind: 'unavailable' });
    const asked = graph.calls.length;
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(graph.calls).toHaveLength(asked);
    expect(skips(graph.calls)).not.toContain(29 * (PAGE - 1));
  });
});
