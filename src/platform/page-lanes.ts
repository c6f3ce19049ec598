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
