import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import type { Mailbox } from '../../src/core/ports.js';
import type { RunWait } from '../../src/core/run-waits.js';
import type { SyncEnvironment } from '../../src/server/sync/run-manager-types.js';
import { person } from '../support/world.js';
import { ANN, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

// Brief waits: the server's run hands its adapters the run's waits (RunIo.waits), and what they
// report is the run's `waiting` (RunView: the sync API's answer, the CLI's polls and lines).

let h: SyncHarness;
beforeEach(async () => {
  h = await syncHarness();
  h.bc.seed(person(1));
});
afterEach(async () => h.close());

describe("a server run's wait is its RunView.waiting, cleared as it ends", () => {
  test('a 5 s throttle its mailbox reports while reading', async () => {
    const env = h.env as { -readonly [K in keyof SyncEnvironment]: SyncEnvironment[K] };
    const plain = env.mailboxFor.bind(env);
    // The mailbox's third call to the service meets a 5 s throttle, reported as GraphMailbox does.
    env.mailboxFor = (userId, io) => {
      const mailbox = plain(userId, io);
      let calls = 0;
      return new Proxy(mailbox, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            const out = (value as (...a: unknown[]) => unknown).apply(target, args);
            if (!(out instanceof Promise) || !io?.waits || ++calls !== 3) return out;
            return out.finally(io.waits.waiting('outlookThrottled', 5_000));
          };
        },
      }) as Mailbox;
    };
    const at = h.clock.now();
    const seen: (RunWait | null)[] = [];
    const { record } = await h.manager.runNow(ANN, { mode: 'full', trigger: 'api' }, (_, waiting) =>
      seen.push(waiting),
    );
    expect(record.status).toBe('succeeded');
    expect(seen).toContainEqual({ reason: 'outlookThrottled', until: h.clock.shift(at, 5_000) });
    expect(seen.at(-1)).toBeNull();
    expect(h.manager.get(ANN, record.id)?.waiting).toBeNull();
  });
});
