/**
 * Bulk work in slices, one slice per turn of the event loop for the whole process (tester F89: at
 * 26,308 BC contacts one match preview's read held the loop for seconds, and /healthz waited 15.1 s
 * while 4 ran). A slice awaits `nextTurn()` before it starts: waiters are let go one per turn
 * (`setImmediate`), in the order they asked, so however many bulk requests run at once, I/O and
 * timers (a /healthz, a pane's small call) wait for one slice at most, never for one slice of each.
 */

/** Rows read, mapped or evaluated per slice: about 0.1 s of work on a loaded 2-core machine. */
export const SLICE_ROWS = 200;

const waiting: Array<() => void> = [];
let scheduled = false;

function letOneGo(): void {
  scheduled = false;
  const next = waiting.shift();
  if (waiting.length > 0) schedule();
  next?.();
}

/**
 * Runs `task` on a later turn of the event loop: `setImmediate` where there is one (Node), else a
 * message on a MessageChannel (the pane's browser), a zero timeout only where neither is. The
 * pane's browser has no `setImmediate`, and the Graph adapter that waits for turns
 * (envelopes-ahead.ts, batch-runner.ts) runs there too: asked at each call, not at import. Not a
 * timeout there: a browser holds timeouts of a hidden page to one a second (Chromium, so WebView2
 * and the new Outlook) and nested ones (letOneGo's chain) to 4 ms each, and batch-runner waits for
 * one turn per answered envelope; a message is a task of its own that neither rule delays.
 */
function later(task: () => void): void {
  if (typeof globalThis.setImmediate === 'function') globalThis.setImmediate(task);
  else if (typeof globalThis.MessageChannel === 'function') {
    const channel = new globalThis.MessageChannel();
    channel.port1.onmessage = () => {
      // Closed once used: an open port would keep a Node process (a test without setImmediate) alive.
      channel.port1.close();
      task();
    };
    channel.port2.postMessage(null);
  } else globalThis.setTimeout(task, 0);
}

function schedule(): void {
  scheduled = true;
  later(letOneGo);
}

/** Resolves on a later turn of the event loop, after the slices that asked before it. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) schedule();
  });
}

/**
 * Resolves on a later turn of the event loop, on its own: not in line behind the bulk slices
 * (`nextTurn`), for a caller that only lets what is already queued go first (batch-runner.ts).
 */
export function ownTurn(): Promise<void> {
  return new Promise((resolve) => later(resolve));
}

/**
 * `list.map(f)` in slices of SLICE_ROWS with a turn (`pause`, default nextTurn) before each: for
 * mapping or serializing what grows with stored data (a BC API page, a dry run's plan).
 */
export async function mapInSlices<T, U>(
  list: readonly T[],
  f: (t: T) => U,
  pause: () => Promise<void> = nextTurn,
): Promise<U[]> {
  const out: U[] = [];
  for (let at = 0; at < list.length; at += SLICE_ROWS) {
    await pause();
    const end = Math.min(list.length, at + SLICE_ROWS);
    for (let i = at; i < end; i++) out.push(f(list[i]!));
  }
  return out;
}
