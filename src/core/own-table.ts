/**
 * A lookup table for names a client sends (OData properties, JSON body keys): it has no prototype,
 * so `toString`, `constructor`, `hasOwnProperty` or `__proto__` are simply not in it. A plain object
 * literal answers `CONTACT_FIELDS['toString']` with Object.prototype's function, and `$select=toString`
 * was accepted with 200 (issue 10 §3). Frozen: a table is never written after it is made.
 */
export function ownTable<T extends Readonly<Record<string, unknown>>>(
  entries: T,
): Readonly<Record<string, T[keyof T]>> & Readonly<T> {
  // Typed as a lookup by any name that still names its entries (the BC API's schemas read them).
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T[keyof T]>, entries));
}
