import { PassThrough } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import Fastify from 'fastify';
import { PortFailure } from '../../src/core/ports.js';
import type { Mailbox } from '../../src/core/ports.js';
import type { RunError } from '../../src/core/records.js';
import { endError } from '../../src/core/run-errors.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { RunManager } from '../../src/server/sync/run-manager.js';
import { person } from '../support/world.js';

// Issue 13 §4: a run that ends by throwing is logged through the facade's logger (pino) as
// "sync run ended with an error" with its run id and the code of its error — the same code its
// record ends with — so a log reader finds why runs fail without parsing English messages.

const USER = 'ann@contoso.test';

/** What the BC read throws, and the code and parameters the record and the log line carry. */
const FAILURES: {
  name: string;
  thrown: () => unknown;
  ending: Pick<RunError, 'code' | 'params'>;
}[] = [
  {
    name: 'a BC read the service refuses (503)',
    thrown: () => new PortFailure('unavailable', 'Service Unavailable', { status: 503 }),
    ending: {
      code: 'readFailed',
      params: { error: 'unavailable', status: 503, port: 'bc', operation: 'readChanges' },
    },
  },
  {
    name: 'a bug (a TypeError) inside a read',
    thrown: () => new TypeError("Cannot read properties of undefined (reading 'id')"),
    ending: { code: 'unexpected', params: { name: 'TypeError' } },
  },
];

/** A pino logger (Fastify's, as the facade's run manager gets) whose JSON lines land in `lines`. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const l of chunk.toString('utf8').split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l));
  });
  const app = Fastify({ logger: { level: 'debug', stream } });
  return { logger: app.log, lines, app };
}

describe('the run manager logs a run that ended with an error, with its run id and code', () => {
  test.each(FAILURES)('$name', async ({ thrown, ending }) => {
    const clock = new ManualClock('2026-03-01T08:00:00.000Z');
    const bc = new MemoryBcContacts(clock);
    bc.seed(person(1));
    bc.readChanges = async () => {
      throw thrown();
    };
    const mailbox = new MemoryMailbox();
    const { logger, lines, app } = capturedLogger();
    const manager = new RunManager({
      store: new MemorySyncStateStore(),
      env: { bcContacts: async () => bc, mailboxFor: (): Mailbox => mailbox },
      clock,
      logger,
      newRunId: () => 'run-1',
    });
    const { record } = await manager.runNow(USER, { mode: 'full', trigger: 'schedule' });
    await manager.close();
    await new Promise((resolve) => setImmediate(resolve));

    expect(record.status).toBe('failed');
    expect(endError(record)).toMatchObject(ending);
    const ended = lines.filter((l) => l.msg === 'sync run ended with an error');
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ level: 40, runId: 'run-1', code: ending.code, params: ending.params });
    await app.close();
  });
});
