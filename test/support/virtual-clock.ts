/**
 * A virtual clock for code that takes `now` and `sleep` injected (the Graph emulator, the Graph
 * client's pacing): nothing sleeps; time moves to the next timer only when every piece of work is
 * waiting on one (after a few setImmediate turns), so tests are exact on a loaded machine.
 *
 * `overshootMs`: how late each sleep wakes, as a real timer fires after its time. `slept` lists the
 * sleeps asked for; `spend` moves time as work that takes it would.
 */
export function virtualClock(overshootMs = 0) {
  let t = 0;
  const timers: { at: number; wake: () => void }[] = [];
  const slept: number[] = [];
  const sleep = (ms: number): Promise<void> =>
    new Promise((wake) => {
      slept.push(ms);
      timers.push({ at: t + Math.max(0, ms) + overshootMs, wake });
    });
  /** Runs `work` to its end, moving time to the next timer whenever nothing else can run. */
  async function drive<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const result = work.finally(() => {
      done = true;
    });
    while (!done) {
      for (let i = 0; i < 8 && !done; i++) await new Promise((r) => setImmediate(r));
      if (done) break;
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (!next) throw new Error('stuck: no timer and no work');
      t = Math.max(t, next.at);
      next.wake();
    }
    return result;
  }
  /** Timers not yet woken. */
  const pending = () => timers.length;
  /** Moves time to the next timer and wakes it; false when there is none. */
  const wakeNext = (): boolean => {
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift();
    if (!next) return false;
    t = Math.max(t, next.at);
    next.wake();
    return true;
  };
  return { now: () => t, spend: (ms: number) => void (t += ms), sleep, slept, drive, pending, wakeNext };
}

/**
 * A clock that each sleep moves on by what it asks, at once, for code talking to a real server
 * (drive's turns cannot tell idle from waiting on a socket). A sleep that returns at once beside the
 * real clock turns every wait that reads the clock after sleeping (QuotaPacer.admit) into a loop
 * spinning a core for the wait's real length: graph-mailbox.reliability spent 300 of its 440 CPU s
 * there. Starts at the real time, so dates in answers (Retry-After) read as they would.
 */
export function instantClock(start = Date.now()) {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms: number): Promise<void> => {
      t += Math.max(0, ms);
    },
  };
}
