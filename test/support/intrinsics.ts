/**
 * The built-in objects code reaches by assigning through a client's name (`o['__proto__'].x = v`,
 * `o['constructor'].x = v`): their own property names now, to compare with later (prototype
 * pollution: test/server/prototype-pollution, the API fuzz).
 */
const INTRINSICS: ReadonlyArray<readonly [string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Object', Object],
  ['Function.prototype', Function.prototype],
  ['Array.prototype', Array.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Boolean.prototype', Boolean.prototype],
  ['Map.prototype', Map.prototype],
];

export type IntrinsicsSnapshot = ReadonlyMap<string, ReadonlySet<string | symbol>>;

export function intrinsicsNow(): IntrinsicsSnapshot {
  return new Map(INTRINSICS.map(([name, o]) => [name, new Set(Reflect.ownKeys(o))]));
}

/** `Object.prototype.requests`-style names added since `before`; empty when none. */
export function pollutionSince(before: IntrinsicsSnapshot): string[] {
  const added: string[] = [];
  for (const [name, o] of INTRINSICS) {
    const had = before.get(name)!;
    for (const key of Reflect.ownKeys(o)) if (!had.has(key)) added.push(`${name}.${String(key)}`);
  }
  return added;
}
