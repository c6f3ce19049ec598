import { getConfig } from '@testing-library/dom';
import { lazyHold } from '../../src/taskpane/layout/lazy.js';
import { DOM_WAIT_MS } from './dom-waits.js';

/**
 * Every part of the pane loaded on first use (src/taskpane/layout/lazy.tsx) shows only while a test
 * waits on the DOM (findBy*, waitFor), even one already downloaded. A test that looks a part's
 * content up right after the action that shows it (a getBy or queryBy after a click or a run's end)
 * then fails on every run, not only when a loaded machine delivers the chunk late: the full suite
 * found ConflictsPanel's fields table absent right after the click (5db2844). A delay of one
 * macrotask was tried first and is not enough: React's async act() flushes across macrotasks, so
 * a part held one timer turn showed inside `await act(...)` in some runs and not in others
 * (StatusHeader's one-run test.each: 1 of 3 like cases failed).
 *
 * How a wait is seen: testing-library's waitFor (findBy* is a waitFor) reads `asyncUtilTimeout`
 * from the live config as it starts, and runs inside `asyncWrapper`; user-event's actions run in
 * `asyncWrapper` too, but never read the timeout. So the timeout becomes a getter that opens the
 * parts held, and the wrapper closes them again when the waits it started end.
 */
const held = new Set<() => void>();
let waiting = 0;
let started = 0;

/** Opens the parts held; waitFor's read of the timeout as it starts. */
function timeoutRead(): number {
  started++;
  waiting++;
  for (const show of held) show();
  held.clear();
  return DOM_WAIT_MS;
}
const config = getConfig();
// Not enumerable: copies of the config (React Testing Library's getConfig spreads it at each
// render) neither read it nor carry it.
Object.defineProperty(config, 'asyncUtilTimeout', {
  configurable: true,
  enumerable: false,
  get: timeoutRead,
});
const wrapped = config.asyncWrapper;
config.asyncWrapper = async (cb) => {
  // A configure() after this file makes a new config without the getter: said, not a silent 1 ms limit.
  if (Object.getOwnPropertyDescriptor(getConfig(), 'asyncUtilTimeout')?.get !== timeoutRead)
    throw new Error("test/support/lazy-parts-held.ts: configure() replaced the DOM waits' timeout");
  const before = started;
  const result = wrapped(cb);
  // waitFor reads the timeout as it starts, inside this call's first, synchronous turn.
  const mine = started - before;
  try {
    return await result;
  } finally {
    waiting -= mine;
  }
};

lazyHold.before = () => (waiting > 0 ? Promise.resolve() : new Promise<void>((show) => held.add(show)));
