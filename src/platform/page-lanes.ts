/**
 * Pages 1, 2, … of a list read by offset (`$skip`), on `lanes` requests at once, until a page
 * without a next link ends the list (issue 12 §2: a whole folder or company read page after page
 * waited one round trip per page). The first page is the caller's: it tells whether more follow.
 *
 * `read(index)` fetches page `index`; `more(page)` says whether it has a next link; `take(index,
 * page)` keeps it. Pages fetched past the end are dropped unseen. When a page fails, no lane asks
 * for another, and the first failure is thrown once every lane has ended (none is left running).
 */
export async function readPagesOnLanes<P>(
  lanes: number,
  read: (index: number) => Promise<P>,
  more: (page: P) => boolean,
  take: (index: number, page: P) => Promise<void>,
): Promise<void> {
  let next = 1;
  let end = Infinity;
  const lane = async (): Promise<void> => {
    try {
      while (next < end) {
        const index = next++;
        const page = await read(index);
        if (index >= end) continue;
        await take(index, page);
        if (!more(page)) end = Math.min(end, index + 1);
      }
    } catch (error) {
      end = 0;
      throw error;
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: lanes }, lane));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Whether pages read by overlapping offsets met edge to edge: each page after the first begins
 * with the row that ended the page before it, the same by `same` (same id and version or key, so
 * unchanged and in its place). Rows that did not change while the pages were read keep their order
 * around such a row, so none of them fell between two pages, whatever the changed rows did (moved,
 * deleted, renumbered away and back). A missing or empty page does not meet.
 */
export function pagesMeet<R>(
  pages: readonly (readonly R[] | undefined)[],
  same: (end: R, start: R) => boolean,
): boolean {
  for (let k = 1; k < pages.length; k++) {
    const end = pages[k - 1]?.at(-1);
    const start = pages[k]?.[0];
    if (end === undefined || start === undefined || !same(end, start)) return false;
  }
  return true;
}
