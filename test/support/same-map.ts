import { setFlagsFromString } from 'node:v8';

// V8's own answer to "do these two objects share a hidden class (map)?", for tests that hold values
// meant to meet the same compiled code to one class (issue 12: a second class met late throws the
// planner's compiled code away). The natives syntax is allowed for the functions compiled after it.
setFlagsFromString('--allow-natives-syntax');

/** Whether V8 gives `a` and `b` one hidden class. */
export const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (
  a: unknown,
  b: unknown,
) => boolean;
