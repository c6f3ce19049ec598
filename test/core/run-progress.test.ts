import { describe, expect, test } from '@jest/globals';
import type { ProgressEvent } from '../../src/core/executor.js';
import { USER, World, outlookPerson, person } from '../support/world.js';

// F55: progress is one model (core's phases reading → planning → bc → outlook → links, done/total
// each), reported after every group of writes; the run's final record keeps the progress of its
// end. Before, the record kept the progress of its last checkpoint (F55: "outlook 1400/1500" at
// the end of a run that wrote 1,500), so every host that reads records showed a lagging phase.

const ORDER = ['reading', 'planning', 'bc', 'outlook', 'links'] as const;

/** Events are monotone: phases in order, done never falls within a phase, never over its total. */
function expectMonotone(events: readonly ProgressEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    const [a, b] = [events[i - 1]!, events[i]!];
    expect(ORDER.indexOf(b.phase)).toBeGreaterThanOrEqual(ORDER.indexOf(a.phase));
    if (a.phase === b.phase) expect(b.done).toBeGreaterThanOrEqual(a.done);
    expect(b.done).toBeLessThanOrEqual(b.total);
  }
}

describe('F55: run progress is monotone, reported during writes, and final in the record', () => {
  test.each([
    { name: 'BC → Outlook creates (13 groups of 20)', bc: 250, outlook: 0, side: 'outlook' as const },
    { name: 'Outlook → BC creates', bc: 0, outlook: 130, side: 'bc' as const },
  ])('$name', async ({ bc, outlook, side }) => {
    const w = new World();
    await w.sync('full'); // makes the folder
    for (let n = 1; n <= bc; n++) w.bc.seed(person(n));
    const folder = await w.folder();
    for (let n = 1; n <= outlook; n++) w.mailbox.userCreate(folder.id, outlookPerson(n));
    const events: ProgressEvent[] = [];
    const { record } = await w.sync('full', { hooks: { onProgress: (e) => events.push(e) } });
    expect(record.status).toBe('succeeded');
    expectMonotone(events);
    // Writes are reported while they happen: more than a start and an end in the writing phase.
    const writing = events.filter((e) => e.phase === side && e.done > 0 && e.done < e.total);
    expect(writing.length).toBeGreaterThan(0);
    // The record's progress is the run's last event of each phase: every phase done.
    const last = new Map(events.map((e) => [e.phase, e]));
    expect(record.progress).toEqual([...last.values()]);
    for (const p of record.progress ?? []) expect(p.done).toBe(p.total);
    // And the writing phase's numbers are the record's counts.
    const created = record.counts[side].created + record.counts[side].updated + record.counts[side].deleted;
    expect(last.get(side)).toEqual({ phase: side, done: created, total: created });
    expect(created).toBe(side === 'outlook' ? bc : outlook);
    // What other hosts read (the stored record) says the same.
    expect((await w.store.getRun(USER, record.id))?.progress).toEqual(record.progress);
  });
});
