import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ScheduleCluster } from '../support/schedule-cluster.js';
import type { Facade } from '../support/schedule-cluster.js';

/**
 * Issue 12 §3: three facade processes (`npm start`, scheduler on) on one PostgreSQL database, 50
 * users whose scheduled sync is due: every user's run happens exactly once, all three processes
 * take part, and SIGKILL of one of them in the middle of a run loses no run (pg-boss hands each
 * due run to one worker; a run lost with its process is queued again once its lease lapses).
 */
const USERS = 50;
const CONTACTS = 3;
/** Bounded polls (no timing asserts): the whole test stays well under two minutes under load. */
const POLL_MS = 25;
const MAX_POLLS = 1_200;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function scheduledSucceeded(facade: Facade): Promise<number> {
  const text = await (await fetch(`${facade.url}/metrics`)).text();
  const m = /^sync_runs_total\{trigger="schedule",outcome="succeeded"\} (\d+)$/m.exec(text);
  return m ? Number(m[1]) : 0;
}

describe('three processes, one PostgreSQL, every scheduled run exactly once', () => {
  let cluster: ScheduleCluster;
  beforeAll(async () => {
    cluster = await ScheduleCluster.create({
      users: USERS,
      contacts: CONTACTS,
      scheduleMinutes: 60,
      tickSeconds: 1,
    });
  });
  afterAll(() => cluster?.close());

  test('50 due users: one succeeded run each, all three processes run some, a SIGKILLed one loses none', async () => {
    const facades = await cluster.startFacades(3);
    const [victim, ...survivors] = facades as [Facade, Facade, Facade];
    await cluster.makeDue();

    // SIGKILL the victim in the middle of its runs (it works on up to 4 at once), once it has
    // finished one already.
    let victimRuns = 0;
    let killed: string[] = [];
    for (let i = 0; i < MAX_POLLS && killed.length === 0; i++) {
      if ((await cluster.runningIn(victim.pid)).length > 0) {
        victimRuns = await scheduledSucceeded(victim);
        if (victimRuns > 0) {
          // Frozen first, so the runs it is working on are known exactly (statements it had sent
          // land meanwhile); then killed.
          process.kill(victim.pid, 'SIGSTOP');
          await pause(500);
          killed = await cluster.runningIn(victim.pid);
          if (killed.length > 0) await cluster.stopFacade(victim, 'SIGKILL');
          else process.kill(victim.pid, 'SIGCONT');
        }
      }
      if (killed.length === 0) await pause(POLL_MS);
    }
    expect(victimRuns).toBeGreaterThan(0);
    expect(killed.length).toBeGreaterThan(0);

    // Every user served, and nothing left queued (the killed worker's job stays active, unserved).
    let runs = await cluster.scheduledRuns();
    let jobs = await cluster.jobStates();
    const served = () => new Set(runs.filter((r) => r.status === 'succeeded').map((r) => r.userId)).size;
    for (let i = 0; i < MAX_POLLS && (served() < USERS || (jobs.created ?? 0) + (jobs.retry ?? 0) > 0); i++) {
      await pause(POLL_MS * 4);
      runs = await cluster.scheduledRuns();
      jobs = await cluster.jobStates();
    }
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
