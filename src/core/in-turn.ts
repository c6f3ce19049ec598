/**
 * The answers of reads made at once, or the failure of the first of them that failed (in the order
 * given, as if each had been read after the one before), once every one has ended.
 */
export async function inTurn<A, B, C>(
  a: Promise<A>,
  b: Promise<B>,
  c: Promise<C> | null,
): Promise<[A, B, C | null]> {
  const [ra, rb, rc] = await Promise.allSettled([a, b, c]);
  for (const r of [ra, rb, rc]) if (r.status === 'rejected') throw r.reason;
  return [
    (ra as PromiseFulfilledResult<A>).value,
    (rb as PromiseFulfilledResult<B>).value,
    (rc as PromiseFulfilledResult<C | null>).value,
  ];
}
