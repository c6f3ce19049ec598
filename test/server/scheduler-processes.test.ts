import { setTimeout as settle } from 'node:timers/promises';
import { describe, expect, test } from '@jest/globals';
import { pollUntil } from '../support/poll.js';
import { useScheduleCluster } from '../support/use-schedule-cluster.js';
import type { Facade } from '../support/schedule-cluster.js';

/**
 * Issue 12 §3: three facade processes (`npm start`, scheduler on) on one PostgreSQL database, 50
 * users whose scheduled sync is due: every user's run happens exactly once, all three processes
 * take part, and SIGKILL of one of them in the middle of a run loses no run (pg-boss hands each
 * due run to one worker; a run lost with its process is queued again once its lease lapses).
 */
const USERS = 50;
const CONTACTS = 3;
/** Milliseconds between polls (test/support/poll bounds them; no timing asserts). */
const POLL_MS = 25;

async function scheduledSucceeded(facade: Facade): Promise<number> {
  const text = await (await fetch(`${facade.url}/metrics`)).text();
  const m = /^sync_runs_total\{trigger="schedule",outcome="succeeded"\} (\d+)$/m.exec(text);
  return m ? Number(m[1]) : 0;
}

describe('three processes, one PostgreSQL, every scheduled run exactly once', () => {
  const cluster = useScheduleCluster({ users: USERS, contacts: CONTACTS });

  test('50 due users: one succeeded run each, all three processes run some, a SIGKILLed one loses none', async () => {
    const facades = await cluster.startFacades(3);
    const [victim, ...survivors] = facades as [Facade, Facade, Facade];
    await cluster.makeDue();

    // SIGKILL the victim in the middle of its runs (it works on up to 4 at once), once it has
    // finished one already.
    let victimRuns = 0;
    const killed = await pollUntil(
      'victim with a succeeded run and runs in flight',
      async () => {
        if ((await cluster.runningIn(victim.pid)).length === 0) return undefined;
        victimRuns = await scheduledSucceeded(victim);
        if (victimRuns === 0) return undefined;
        // Frozen first, so the runs it is working on are known exactly (statements it had sent
        // land meanwhile); then killed.
        process.kill(victim.pid, 'SIGSTOP');
        await settle(500);
        const running = await cluster.runningIn(victim.pid);
        if (running.length === 0) {
          process.kill(victim.pid, 'SIGCONT');
          return undefined;
        }
        await cluster.stopFacade(victim, 'SIGKILL');
        return running;
      },
      { everyMs: POLL_MS, state: () => cluster.describeState() },
    );
    expect(victimRuns).toBeGreaterThan(0);
    expect(killed.length).toBeGreaterThan(0);

    // Every user served, and nothing left queued (the killed worker's job stays active, unserved).
    const runs = await pollUntil(
      'every user served and nothing queued',
      async () => {
        const [listed, jobs] = [await cluster.scheduledRuns(), await cluster.jobStates()];
        const served = new Set(listed.filter((r) => r.status === 'succeeded').map((r) => r.userId)).size;
        return served < USERS || (jobs.created ?? 0) + (jobs.retry ?? 0) > 0 ? undefined : listed;
      },
      { everyMs: POLL_MS * 4, state: () => cluster.describeState() },
    );
    const succeeded = new Map<string, number>();
    for (const r of runs.filter((x) => x.status === 'succeeded'))
      succeeded.set(r.userId, (succeeded.get(r.userId) ?? 0) + 1);
    expect([...succeeded.keys()].sort()).toEqual([...cluster.users].sort());
    expect([...succeeded.values()].every((n) => n === 1)).toBe(true);
    // The runs killed mid-way are recorded interrupted (by the runs that redid them); no other run
    // is anything but succeeded.
    const notSucceeded = runs.filter((r) => r.status !== 'succeeded');
    expect(notSucceeded.map((r) => r.status)).toEqual(killed.map(() => 'interrupted'));
    expect(new Set(notSucceeded.map((r) => r.id))).toEqual(new Set(killed));
    // Each mailbox holds the company's contacts once: the redone run made no duplicates.
    expect(cluster.users.map((u) => cluster.mailboxContacts(u))).toEqual(cluster.users.map(() => CONTACTS));
    // All three took part: the victim before it was killed, each survivor after.
    for (const f of survivors) expect(await scheduledSucceeded(f)).toBeGreaterThan(0);
  });
});
