import { open, rename, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/**
 * The embedded emulator's journal and snapshot files, written off the event loop and in order.
 * A 4 MB photo's line was appended with appendFileSync, holding every other request (/healthz
 * too) while the disk took it. Now each line and each snapshot is a task on one queue: a task
 * starts when the one before it has finished, so the file holds the writes in the order the store
 * applied them, and a snapshot never races an append. Durability is unchanged: the Graph routes
 * answer only after `flushed()` (graph.ts), so an acknowledged write is in the file.
 */
export class JournalFile {
  private handle: Promise<FileHandle>;
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private pending = 0;

  constructor(
    private readonly journalPath: string,
    private readonly snapshotPath: string,
    /**
     * Told when a task starts and ends; a promise returned at the start holds the task until it
     * settles (tests observe and pause the queue with it instead of sleeping).
     */
    private readonly observe: JournalObserver = () => {},
  ) {
    this.handle = open(journalPath, 'a');
    // A failed open surfaces in the first task that uses the handle, not as an unhandled rejection.
    this.handle.catch(() => {});
  }

  /** Journal lines not yet written plus those on disk since the last snapshot. */
  get entriesSinceSnapshot(): number {
    return this.pending;
  }

  /** Queues one journal line (the text is made by the caller, at the moment of the write). */
  append(line: string): void {
    this.pending++;
    this.enqueue({ kind: 'append', bytes: Buffer.byteLength(line) }, async () => {
      await (await this.handle).appendFile(line);
    });
  }

  /**
   * Queues a snapshot (`text`, taken by the caller at this point of the order) and, once it is
   * renamed into place, an empty journal. A crash between the two replays entries the snapshot
   * already holds, which is harmless (entries are idempotent).
   */
  snapshot(text: string): void {
    this.pending = 0;
    this.enqueue({ kind: 'snapshot', bytes: Buffer.byteLength(text) }, async () => {
      await writeFile(`${this.snapshotPath}.tmp`, text);
      await rename(`${this.snapshotPath}.tmp`, this.snapshotPath);
      const previous = this.handle;
      this.handle = open(this.journalPath, 'w');
      this.handle.catch(() => {});
      await (await previous).close();
      await this.handle;
    });
  }

  /** Resolves when every task queued so far is on disk; rejects if one of them failed. */
  async flushed(): Promise<void> {
    await this.tail;
    if (this.failure !== null) throw this.failure;
  }

  /** Flushes, then closes the journal; nothing may be queued after. */
  async close(): Promise<void> {
    await this.tail;
    await (await this.handle).close();
  }

  private enqueue(event: Omit<JournalEvent, 'phase'>, task: () => Promise<void>): void {
    this.tail = this.tail.then(async () => {
      // After a failed write the file no longer holds every acknowledged write: stop writing.
      if (this.failure !== null) return;
      try {
        await this.observe({ ...event, phase: 'start' });
        await task();
      } catch (error) {
        this.failure = error;
      }
      this.observe({ ...event, phase: 'end' });
    });
  }
}

export type JournalObserver = (event: JournalEvent) => void | Promise<void>;

export type JournalEvent = {
  readonly kind: 'append' | 'snapshot';
  readonly bytes: number;
  readonly phase: 'start' | 'end';
};
