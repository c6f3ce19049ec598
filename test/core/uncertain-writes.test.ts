import { describe, expect, test } from '@jest/globals';
import type { SideCounts } from '../../src/core/records.js';
import { LEASE_TTL_MS } from '../../src/core/lease.js';
import { World, outlookPerson, person } from '../support/world.js';

// F114: a run that ended while writes were out (cancelled and its requests aborted, a request that
// failed or timed out, answers lost per item) recorded only what was answered — "0 created" while a
// Graph $batch of 20 creates had landed. Every write call now counts its items as uncertain until
// it answers (core/uncertain-writes.ts); the record carries them however the run ends, and the next
// sync checks them: no duplicate, nothing lost. A table over every write kind of both sides and
// the ways a run ends with writes out; the tester's example is the first row.

const N = 20;
type Side = 'bc' | 'outlook';
type Kind = keyof SideCounts;
type Ending = 'cancelled' | 'failed' | 'lostAnswers';

interface Row {
  readonly name: string;
  readonly side: Side;
  readonly kind: Kind;
  readonly ending: Ending;
  /** Sets the world up so the next full sync writes `n` items of this kind on this side. */
  readonly arrange: (w: World) => Promise<number>;
}

const bcPeople = async (w: World): Promise<number> => {
  for (let n = 0; n < N; n++) w.bc.seed(person(n));
  return N;
};
const synced = async (w: World): Promise<void> => {
  await bcPeople(w);
  expect((await w.sync('full')).record.status).toBe('succeeded');
  w.later();
};

const SIDE_NAME = { bc: 'BC', outlook: 'Outlook' } as const;
const WRITE_CALL = { created: 'create', updated: 'update', deleted: 'delete' } as const;
const WRITES = { created: 'creates', updated: 'updates', deleted: 'deletes' } as const;

/** "Outlook creates": the write kind of one side, as the tests name it. */
function writesOf(side: Side, kind: Kind): string {
  return `${SIDE_NAME[side]} ${WRITES[kind]}`;
}

function row(side: Side, kind: Kind, ending: Ending, arrange: Row['arrange']): Row {
  return { name: `${writesOf(side, kind)}, ${ending}`, side, kind, ending, arrange };
}

const rows: Row[] = [
  ...(['cancelled', 'failed', 'lostAnswers'] as const).map((ending) =>
    row('outlook', 'created', ending, bcPeople),
  ),
  row('outlook', 'updated', 'failed', async (w) => {
    await synced(w);
    const all = await w.bc.listAll();
    await w.bc.update(all.slice(0, 5).map((c) => ({ id: c.id, etag: c.etag, patch: { jobTitle: 'Chief' } })));
    return 5;
  }),
  row('outlook', 'deleted', 'cancelled', async (w) => {
    await synced(w);
    for (const c of (await w.bc.listAll()).slice(0, 3)) w.bc.remove(c.id);
    return 3;
  }),
  row('bc', 'created', 'failed', async (w) => {
    const folder = await w.mailbox.ensureFolder('Business Central');
    await w.mailbox.create(
      folder.id,
      Array.from({ length: 6 }, (_, n) => outlookPerson(n)),
    );
    return 6;
  }),
  row('bc', 'updated', 'lostAnswers', async (w) => {
    await synced(w);
    const some = (await w.outlook()).slice(0, 4);
    await w.mailbox.update(
      (await w.folder()).id,
      some.map((c) => ({
        id: c.id,
        changeKey: c.changeKey,
        patch: { displayName: c.displayName, jobTitle: 'Edited in Outlook' },
      })),
    );
    return 4;
  }),
];

/**
 * Makes the side's next write call of `kind` apply, then end as `afterApplied` does instead of
 * answering; the call after it is the real one again.
 */
function applyThen(w: World, side: Side, kind: Kind, afterApplied: () => Promise<unknown>): void {
  const method = WRITE_CALL[kind];
  const target = (side === 'bc' ? w.bc : w.mailbox) as unknown as Record<
    string,
    (...a: unknown[]) => Promise<unknown>
  >;
  const real = target[method]!.bind(target);
  target[method] = async (...args: unknown[]) => {
    target[method] = real;
    await real(...args);
    return afterApplied();
  };
}

/** Makes the side's write call of `kind` apply and then end as `ending` says, once. */
function breakOnce(w: World, side: Side, kind: Kind, ending: Ending, cancel: { now: boolean }): void {
  if (ending === 'lostAnswers') {
    // Every answer of that kind is lost until the test clears the fault after the run.
    const method = WRITE_CALL[kind];
    const fault = () => 'lostResponse' as const;
    if (side === 'bc') w.bc.fault = (op) => (op === method ? fault() : null);
    else w.mailbox.fault = (op) => (op === method ? fault() : null);
    return;
  }
  applyThen(w, side, kind, async () => {
    // Applied; the answer never comes: the client aborted (cancel) or the request failed.
    if (ending === 'cancelled') cancel.now = true;
    throw new Error(ending === 'cancelled' ? 'The operation was aborted.' : 'fetch failed');
  });
}

/** A further full sync writes nothing on either side. */
async function expectNothingLeftToWrite(w: World): Promise<void> {
  const again = await w.sync('full');
  expect(again.record.counts).toEqual({
    bc: { created: 0, updated: 0, deleted: 0 },
    outlook: { created: 0, updated: 0, deleted: 0 },
  });
}

describe('F114: writes sent without an answer are counted as uncertain, and the next sync checks them', () => {
  test.each(rows)('$name', async (row) => {
    const w = new World();
    const n = await row.arrange(w);
    const cancel = { now: false };
    breakOnce(w, row.side, row.kind, row.ending, cancel);
    const ended = await w
      .sync('full', { confirmMassDelete: true, hooks: { cancel: { isCancelled: () => cancel.now } } })
      .then(
        (o) => o.record,
        () => null,
      );
    const record = ended ?? (await w.store.listRuns((await w.scope()).userId, 1))[0]!;
    w.bc.fault = null;
    w.mailbox.fault = null;
    expect({
      status: record.status,
      answered: record.counts[row.side][row.kind],
      uncertain: record.uncertain?.[row.side][row.kind],
    }).toEqual({
      status: row.ending === 'cancelled' ? 'cancelled' : 'failed',
      answered: 0,
      uncertain: n,
    });
    // The next sync checks them: both sides agree, nothing twice, nothing uncertain any more.
    w.later();
    const next = await w.sync('full', { confirmMassDelete: true });
    expect(next.record.status).toBe('succeeded');
    expect(next.record.uncertain).toBeUndefined();
    const bc = await w.bc.listAll();
    const outlook = await w.outlook();
    expect({
      bc: bc.length,
      outlook: outlook.length,
      linked: new Set(outlook.map((c) => c.bcId)).size,
    }).toEqual({
      bc: bc.length,
      outlook: bc.length,
      linked: bc.length,
    });
    await expectNothingLeftToWrite(w);
  });
});

describe('F126: a run whose writes all answered records none uncertain, whatever a checkpoint saved meanwhile', () => {
  test('a heartbeat checkpoint while Outlook creates are out, then every answer comes: the succeeded record has no uncertain', async () => {
    const w = new World();
    for (let n = 0; n < 600; n++) w.bc.seed(person(n));
    // Each create call lets a lease's quarter pass before it is answered: the next group's beat
    // renews the lease and saves a checkpoint while this call is out (the tester's 2,500-contact run).
    const real = w.mailbox.create.bind(w.mailbox);
    w.mailbox.create = async (...args: Parameters<typeof real>) => {
      w.clock.advance(LEASE_TTL_MS / 2);
      await new Promise((resolve) => setImmediate(resolve));
      return real(...args);
    };
    const saved: (SideCounts | undefined)[] = [];
    const saveRun = w.store.saveRun.bind(w.store);
    w.store.saveRun = async (record) => {
      if (record.status === 'running') saved.push(record.uncertain?.outlook);
      return saveRun(record);
    };
    const { record } = await w.sync('full');
    expect(record.status).toBe('succeeded');
    expect(record.counts.outlook.created).toBe(600);
    // The path under test was taken: a running record carried uncertain creates.
    expect(saved.some((u) => (u?.created ?? 0) > 0)).toBe(true);
    expect(record.uncertain).toBeUndefined();
    const stored = (await w.store.listRuns((await w.scope()).userId, 1))[0]!;
    expect(stored.uncertain).toBeUndefined();
  });
});

// F114's rest: the count was saved only with the lease's checkpoints, so a process that died while
// a write call was out left a record of 0 uncertain writes. Each write call's count is now saved
// before it goes out: here the call applies and never answers (the process is gone), and the
// record in the store already says so; the next sync marks the run interrupted, keeps the count,
// and leaves both sides equal without duplicates. One row per write kind of both sides.
const kinds = rows.filter(
  (row, i) => rows.findIndex((r) => r.side === row.side && r.kind === row.kind) === i,
);

describe('F114: a run whose process dies while a write call is out keeps the count in its record', () => {
  test.each(kinds.map((row) => ({ ...row, name: writesOf(row.side, row.kind) })))(
    '$name, the process gone mid-call',
    async (row) => {
      const w = new World();
      const n = await row.arrange(w);
      let applied: () => void = () => undefined;
      const landed = new Promise<void>((resolve) => (applied = resolve));
      applyThen(w, row.side, row.kind, () => {
        applied();
        // The process died: no answer, no further step of this run.
        return new Promise(() => undefined);
      });
      void w.sync('full', { confirmMassDelete: true });
      await landed;
      const userId = (await w.scope()).userId;
      const dying = (await w.store.listRuns(userId, 1))[0]!;
      expect({ status: dying.status, uncertain: dying.uncertain?.[row.side][row.kind] }).toEqual({
        status: 'running',
        uncertain: n,
      });

      w.later();
      const next = await w.sync('full', { confirmMassDelete: true });
      expect(next.record.status).toBe('succeeded');
      const died = (await w.store.listRuns(userId, 10)).find((r) => r.id === dying.id)!;
      expect({ status: died.status, uncertain: died.uncertain?.[row.side][row.kind] }).toEqual({
        status: 'interrupted',
        uncertain: n,
      });
      const bc = await w.bc.listAll();
      const outlook = await w.outlook();
      expect({ outlook: outlook.length, linked: new Set(outlook.map((c) => c.bcId)).size }).toEqual({
        outlook: bc.length,
        linked: bc.length,
      });
      await expectNothingLeftToWrite(w);
    },
  );
});
