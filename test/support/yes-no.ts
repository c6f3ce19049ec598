import { expect, test } from '@jest/globals';

/**
 * The cases of a yes/no rule, as the two lists it answers yes and no to: one test each, named by
 * `title` with the value (as JSON, so '' and spaces show) and the answer it wants.
 */
export function yesNo(
  title: string,
  rule: (value: string) => boolean,
  cases: { readonly yes: readonly string[]; readonly no: readonly string[] },
): void {
  const rows = [...cases.yes.map((v) => [v, true] as const), ...cases.no.map((v) => [v, false] as const)];
  test.each(rows)(`${title}: %j → %s`, (value, answer) => {
    expect(rule(value)).toBe(answer);
  });
}
