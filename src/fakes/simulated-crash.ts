/**
 * The memory fakes' crash hook (`crashAfter`, set by tests): that many more write items go through,
 * then the next one "kills the process" (throws `simulated crash`; earlier items stay applied) and
 * the hook disarms itself.
 */
export function crashCountdown(fake: { crashAfter: number | null }): void {
  if (fake.crashAfter === null) return;
  if (fake.crashAfter <= 0) {
    fake.crashAfter = null;
    throw new Error('simulated crash');
  }
  fake.crashAfter--;
}
