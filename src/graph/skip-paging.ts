/**
 * True when `nextLink` is `first` (a path relative to the version root) with `$skip=skip` added,
 * whatever the order of its query options: a list that pages by offset, so its later pages can be
 * asked by their offsets at once (contact-reads.ts listContacts).
 */
export function pagesBySkip(first: string, nextLink: string, skip: number): boolean {
  const split = (url: string): [string, string[]] => {
    const q = url.indexOf('?');
    const params = [...new URLSearchParams(q < 0 ? '' : url.slice(q + 1))].map(([k, v]) => `${k}=${v}`);
    return [decodeURIComponent(q < 0 ? url : url.slice(0, q)), params.sort()];
  };
  const [path, params] = split(first);
  const [nextPath, nextParams] = split(nextLink);
  const expected = [...params, `$skip=${skip}`].sort();
  return (
    nextPath.endsWith(path) &&
    nextParams.length === expected.length &&
    nextParams.every((p, i) => p === expected[i])
  );
}
