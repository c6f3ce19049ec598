/**
 * What `act` throws, or undefined when it returns: for tests that assert on the error's class and
 * fields (jest's toThrow checks the message or the class, not both with the fields).
 */
export function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (e) {
    return e;
  }
  return undefined;
}
