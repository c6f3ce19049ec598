/**
 * `fn` over `list` with at most `width` calls at once; results in list order. A rejection is
 * thrown once every call started has settled (nothing keeps running unobserved).
 */
export async function mapLimited<T, R>(
  list: readonly T[],
  width: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(list.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < list.length) {
      const i = next++;
      try {
        out[i] = await fn(list[i] as T, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, list.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return out;
}
