import { describe, expect, test } from '@jest/globals';
import { outlookDraft } from '../contracts/mailbox.contract.js';
import { BC_ID_PROPERTY, GraphMailbox } from '../../src/graph/index.js';
import type { GraphMailboxOptions } from '../../src/graph/index.js';
import { BASE, graphContact, graphErrorBody, recordingSleep, scriptedGraph } from './scripted-graph.js';
import type { Route, ScriptedReply } from './scripted-graph.js';

const FOLDER = '/me/contactFolders/f1/contacts';

function mailboxOver(route: Route, options: Partial<GraphMailboxOptions> = {}) {
  const graph = scriptedGraph(route);
  const clock = recordingSleep();
  const mailbox = new GraphMailbox({
    baseUrl: BASE,
    mailbox: { kind: 'me' },
    getToken: async () => 'token',
    sleep: clock.sleep,
    random: () => 0,
    fetch: graph.fetch,
    ...options,
  });
  return { mailbox, ...graph, waits: clock.waits };
}

/** A mailbox whose first PATCH is lost and whose second gets 412; a GET then finds `contact`. */
function afterLostPatch(contact: unknown) {
  let patches = 0;
  return mailboxOver((req) => {
    if (req.method === 'PATCH')
      return ++patches === 1
        ? 'drop'
        : { status: 412, body: graphErrorBody('ErrorIrresolvableConflict', 'x') };
    return { status: 200, body: contact };
  }).mailbox;
}

const created = (body: unknown, id: string) => ({
  status: 201,
  body: graphContact(id, `ck-${id}`, body as Record<string, unknown>),
});

describe('retries and Retry-After', () => {
  test('a throttled batch item is retried after its Retry-After; the others are not resent', async () => {
    let throttledOnce = false;
    const { mailbox, calls, waits } = mailboxOver((req) => {
      if (
        req.method === 'POST' &&
        (req.body as { displayName: string }).displayName === 'Person 2' &&
        !throttledOnce
      ) {
        throttledOnce = true;
        return {
          status: 429,
          body: graphErrorBody('TooManyRequests', 'Please retry again later.'),
          headers: { 'Retry-After': '2.5' },
        };
      }
      return created(req.body, `c${calls.length}`);
    });
    const out = await mailbox.create('f1', [outlookDraft(1), outlookDraft(2), outlookDraft(3)]);
    expect(out.map((o) => o.ok)).toEqual([true, true, true]);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(4);
    expect(waits).toContain(2500);
    expect(mailbox.stats()).toEqual({ requests: 2, throttled: 1 });
  });

  test('Retry-After as an HTTP-date is honoured', async () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    let first = true;
    const { mailbox, waits } = mailboxOver(
      (): ScriptedReply => {
        if (first) {
          first = false;
          return {
            status: 503,
            body: graphErrorBody('serviceNotAvailable', 'busy'),
            headers: { 'Retry-After': 'Wed, 01 May 2024 12:00:04 GMT' },
          };
        }
        return { status: 200, body: { value: [graphContact('a', 'k1')] } };
      },
      { now: () => now },
    );
    expect(await mailbox.listContacts('f1')).toHaveLength(1);
    expect(waits).toEqual([4000]);
  });

  test('when attempts run out, items report throttled / unavailable and reads fail with the port kind', async () => {
    const { mailbox } = mailboxOver(
      (req) =>
        req.method === 'POST'
          ? {
              status: 429,
              body: graphErrorBody('TooManyRequests', 'slow down'),
              headers: { 'Retry-After': '1' },
            }
          : { status: 503, body: graphErrorBody('serviceNotAvailable', 'down') },
      { retry: { maxAttempts: 3, maxThrottledAttempts: 4 } },
    );
    const out = await mailbox.create('f1', [outlookDraft(1)]);
    expect(out[0]).toMatchObject({ ok: false, error: { kind: 'throttled' } });
    expect(mailbox.stats().throttled).toBe(4);
    await expect(mailbox.listContacts('f1')).rejects.toMatchObject({
      name: 'PortFailure',
      kind: 'unavailable',
    });
  });
});

describe('delta', () => {
  // F116 (tester): a stored token the service refuses as invalid (400 ErrorInvalidSyncStateData) was
  // replayed by every run, full syncs too, on every host: like a forgotten one, it starts a new round.
  test.each([
    [
      410,
      'SyncStateNotFound',
      'The sync state generation is not found; generation=149;[highest=157][157][155][156].',
    ],
    [400, 'ErrorInvalidSyncStateData', 'The delta token is malformed.'],
    [400, 'resyncRequired', 'Reset the sync state.'],
  ])('a refused sync state (%i %s) turns into a fresh snapshot round', async (status, code, message) => {
    const { mailbox, calls } = mailboxOver((req) => {
      if (req.url.includes('$deltatoken=old')) return { status, body: graphErrorBody(code, message) };
      if (req.url.startsWith(`${FOLDER}/delta?$select=`)) {
        expect(req.headers.prefer).toBe('odata.maxpagesize=200');
        return {
          status: 200,
          body: { value: [{ id: 'a' }], '@odata.nextLink': `${BASE}${FOLDER}/delta?$skiptoken=p2` },
        };
      }
      if (req.url === `${FOLDER}/delta?$skiptoken=p2`) {
        return {
          status: 200,
          body: { value: [{ id: 'b' }], '@odata.deltaLink': `${BASE}${FOLDER}/delta?$deltatoken=new` },
        };
      }
      if (req.url.startsWith(`${FOLDER}?$top=1000`)) {
        return { status: 200, body: { value: [graphContact('a', 'k1'), graphContact('b', 'k2')] } };
      }
      return { status: 500, body: graphErrorBody('Unexpected', req.url) };
    });
    const out = await mailbox.readChanges('f1', `${BASE}${FOLDER}/delta?$deltatoken=old`);
    expect(out.kind).toBe('snapshot');
    // Stored host-neutral (delta-link.ts): no host, no /me.
    expect(out.deltaLink).toBe(`contactFolders/f1/contacts/delta?$deltatoken=new`);
    expect(out.kind === 'snapshot' && out.contacts.map((c) => c.id)).toEqual(['a', 'b']);
    expect(calls.map((c) => c.url.split('?')[0])).toEqual([
      `${FOLDER}/delta`,
      `${FOLDER}/delta`,
      `${FOLDER}/delta`,
      FOLDER,
    ]);
  });

  // Issue 12, delta-outlook-1pct: the reported contacts are read as the folder's most recently
  // modified (one list request, `$orderby=lastModifiedDateTime desc`), by id (20 per $batch) only
  // for those the list does not hold, or all by id when the service refuses the ordering or the
  // report is larger than a list page.
  const REPORTED = 25;
  const cases: [string, { listed: number; refused?: boolean; reported?: number }, number[]][] = [
    // name, what the list answers, [HTTP requests, list requests, reads by id]
    ['the list holds every reported contact: no read by id', { listed: REPORTED }, [2, 1, 0]],
    ['the list holds 5 of them: the other 20 by id, one $batch', { listed: 5 }, [3, 1, 20]],
    ['the list holds none (moved into the folder, older): all by id', { listed: 0 }, [4, 1, REPORTED]],
    ['the service refuses the ordered list (400): all by id', { listed: 0, refused: true }, [4, 1, REPORTED]],
    ['more reported than a list page holds: by id alone', { listed: 0, reported: 990 }, [51, 0, 990]],
    [
      'as many as the mailbox reads at once (4): by id, one round trip either way',
      { listed: 4, reported: 4 },
      [2, 0, 4],
    ],
    ['5, one more: the list', { listed: 5, reported: 5 }, [2, 1, 0]],
  ];
  test.each(cases)('a changes round reads the reported contacts completely: %s', async (_name, c, counts) => {
    const ids = Array.from({ length: c.reported ?? REPORTED }, (_, i) => `c${i}`);
    const whole = (id: string) =>
      graphContact(id, `k-${id}`, {
        singleValueExtendedProperties: [{ id: BC_ID_PROPERTY.toLowerCase(), value: `bc-${id}` }],
      });
    const { mailbox, calls } = mailboxOver((req) => {
      if (req.url.includes('$deltatoken=t1')) {
        return {
          status: 200,
          body: {
            value: [...ids.map((id) => ({ id })), { id: 'gone', '@removed': { reason: 'deleted' } }],
            '@odata.deltaLink': `${BASE}${FOLDER}/delta?$deltatoken=t2`,
          },
        };
      }
      if (req.url.includes('$orderby=')) {
        if (c.refused) return { status: 400, body: graphErrorBody('ErrorInvalidUrlQuery', 'no') };
        // The newest first: contacts edited since the delta page, then the listed reported ones.
        return { status: 200, body: { value: [whole('other'), ...ids.slice(0, c.listed).map(whole)] } };
      }
      const id = /contacts\/([^?]+)\?/.exec(req.url)?.[1] ?? '';
      return { status: 200, body: whole(id) };
    });
    const out = await mailbox.readChanges('f1', `${BASE}${FOLDER}/delta?$deltatoken=t1`);
    expect(out).toMatchObject({
      kind: 'changes',
      removedIds: ['gone'],
      deltaLink: `contactFolders/f1/contacts/delta?$deltatoken=t2`,
    });
    // Every reported contact, whole, in the order reported; none the delta did not report.
    expect(out.kind === 'changes' && out.changed.map((c) => [c.id, c.bcId])).toEqual(
      ids.map((id) => [id, `bc-${id}`]),
    );
    const lists = calls.filter((r) => r.method === 'GET' && r.url.includes('$orderby=lastModifiedDateTime'));
    const byId = calls.filter(
      (r) =>
        r.method === 'GET' &&
        /contacts\/c\d+\?/.test(r.url) &&
        r.url.includes('$expand=singleValueExtendedProperties'),
    );
    expect([mailbox.stats().requests, lists.length, byId.length]).toEqual(counts);
    // The list asks for the contacts a by-id read brings (the extended properties), room for edits since.
    for (const l of lists) {
      expect(l.url).toContain('$expand=singleValueExtendedProperties');
      expect(l.url).toContain(`$top=${ids.length + 20}`);
    }
  });
});

describe('412 and lost responses', () => {
  const update = { id: 'c1', changeKey: 'k1', patch: { displayName: 'New Name', jobTitle: 'CEO' } };

  test('an update whose patch carries the BC id and the fax is answered by its PATCH alone (no read-back)', async () => {
    const { mailbox, calls } = mailboxOver((req) => ({
      status: 200,
      body: graphContact('c1', 'k2', req.body as Record<string, unknown>),
    }));
    const out = await mailbox.update('f1', [
      {
        id: 'c1',
        changeKey: 'k1',
        patch: { displayName: 'Ann', jobTitle: 'CEO', bcId: 'bc-1', faxNumber: '+1 3' },
      },
    ]);
    expect(out[0]).toMatchObject({ ok: true, value: { changeKey: 'k2', bcId: 'bc-1', faxNumber: '+1 3' } });
    expect(calls.map((c) => c.method)).toEqual(['PATCH']);
  });

  test('an update without them reads the contact back for the stamps it did not write', async () => {
    const { mailbox, calls } = mailboxOver((req) =>
      req.method === 'PATCH'
        ? { status: 200, body: graphContact('c1', 'k2', req.body as Record<string, unknown>) }
        : { status: 200, body: graphContact('c1', 'k2', {}) },
    );
    await mailbox.update('f1', [{ id: 'c1', changeKey: 'k1', patch: { displayName: 'Ann' } }]);
    expect(calls.map((c) => c.method)).toEqual(['PATCH', 'GET']);
  });

  test('a plain 412 is stale, sent with If-Match W/"changeKey"', async () => {
    const { mailbox, calls } = mailboxOver(() => ({
      status: 412,
      body: graphErrorBody('ErrorIrresolvableConflict', 'The change key does not match.'),
    }));
    const out = await mailbox.update('f1', [update]);
    expect(out[0]).toMatchObject({ ok: false, error: { kind: 'stale' } });
    expect(calls[0]?.headers['if-match']).toBe('W/"k1"');
  });

  test('a 412 after a lost PATCH is a success when the contact already holds the patch', async () => {
    const mailbox = afterLostPatch(graphContact('c1', 'k2', { displayName: 'New Name', jobTitle: 'CEO' }));
    const out = await mailbox.update('f1', [update]);
    expect(out[0]).toMatchObject({ ok: true, value: { id: 'c1', changeKey: 'k2', jobTitle: 'CEO' } });
  });

  test('a 412 after a lost PATCH is stale when someone else changed the contact', async () => {
    const mailbox = afterLostPatch(graphContact('c1', 'k9', { displayName: 'Other Name', jobTitle: 'CEO' }));
    expect((await mailbox.update('f1', [update]))[0]).toMatchObject({ ok: false, error: { kind: 'stale' } });
  });

  test('a 404 after a lost DELETE means the delete was applied', async () => {
    let deletes = 0;
    const { mailbox } = mailboxOver(() =>
      ++deletes === 1 ? 'drop' : { status: 404, body: graphErrorBody('ErrorItemNotFound', 'gone') },
    );
    expect(await mailbox.delete('f1', [{ id: 'c1', changeKey: 'k1' }])).toEqual([{ ok: true, value: null }]);
  });

  test('a lost create batch is looked up by BC id; only the missing contacts are sent again', async () => {
    const posted: string[] = [];
    const { mailbox } = mailboxOver((req) => {
      if (req.method === 'POST') {
        const name = (req.body as { displayName: string }).displayName;
        posted.push(name);
        // First envelope: item 1 applied, item 2 reset before it was applied, both responses lost.
        if (posted.length === 2) return 'drop';
        return created(req.body, name === 'Person 1' ? 'c1' : 'c2');
      }
      const stamped = graphContact('c1', 'k1', {
        displayName: 'Person 1',
        singleValueExtendedProperties: [{ id: BC_ID_PROPERTY, value: 'bc-1' }],
      });
      return { status: 200, body: { value: [stamped] } };
    });
    const out = await mailbox.create('f1', [outlookDraft(1), outlookDraft(2), outlookDraft(3, { bcId: '' })]);
    expect(posted).toEqual(['Person 1', 'Person 2', 'Person 3', 'Person 2']);
    expect(out[0]).toMatchObject({ ok: true, value: { id: 'c1', bcId: 'bc-1' } });
    expect(out[1]).toMatchObject({ ok: true, value: { displayName: 'Person 2', bcId: 'bc-2' } });
    // Without a BC id a lost create cannot be told apart from a missing one: never resent.
    expect(out[2]).toMatchObject({ ok: false, error: { kind: 'unknownOutcome' } });
  });
});

describe('concurrency', () => {
  test('never more than 4 requests in flight; a $batch of 20 runs alone, 4 sequential ones side by side', async () => {
    const { mailbox, inFlight } = mailboxOver(() => ({ status: 200, body: { value: [] } }));
    await Promise.all(Array.from({ length: 12 }, () => mailbox.listContacts('f1')));
    expect(inFlight.max).toBe(4);
    const batches = scriptedGraph((req) => created(req.body, 'x'));
    const writer = new GraphMailbox({
      baseUrl: BASE,
      mailbox: { kind: 'me' },
      getToken: async () => 't',
      fetch: batches.fetch,
    });
    await writer.create(
      'f1',
      Array.from({ length: 100 }, (_, i) => outlookDraft(i)),
    );
    // 100 creates: an envelope of 20 (all 4 slots, alone), then 4 lanes of 20 (lane-rounds), each
    // its own turn of the limiter on one slot.
    expect(batches.inFlight.max).toBe(4);
    expect(writer.peakInFlight).toBe(4);
  });

  test('a MailboxConcurrency 429 halves the requests in flight, and the limit recovers slowly', async () => {
    let hit = false;
    const { mailbox, inFlight } = mailboxOver(() => {
      if (!hit) {
        hit = true;
        return {
          status: 429,
          body: graphErrorBody('ApplicationThrottled', 'Application is over its MailboxConcurrency limit.'),
          headers: { 'Retry-After': '1' },
        };
      }
      return { status: 200, body: { value: [] } };
    });
    await mailbox.listContacts('f1');
    inFlight.max = 0;
    await Promise.all(Array.from({ length: 4 }, () => mailbox.listContacts('f1')));
    expect(inFlight.max).toBe(2);
    await Promise.all(Array.from({ length: 40 }, () => mailbox.listContacts('f1')));
    inFlight.max = 0;
    await Promise.all(Array.from({ length: 12 }, () => mailbox.listContacts('f1')));
    expect(inFlight.max).toBe(4);
  });
});
