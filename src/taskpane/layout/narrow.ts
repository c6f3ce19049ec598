import { useEffect, useState } from 'react';

/**
 * Below this width (CSS px) tables give way to stacked cards: Outlook's task pane is 320–350 px
 * wide, where four columns break words mid-word.
 */
const NARROW_MAX_WIDTH = 400;
const QUERY = `(max-width: ${NARROW_MAX_WIDTH}px)`;

function query(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(QUERY)
    : null;
}

/** Whether the pane is narrow now; follows resizes. False where `matchMedia` is missing (jsdom). */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => query()?.matches ?? false);
  useEffect(() => {
    const media = query();
    if (!media) return undefined;
    const changed = (): void => setNarrow(media.matches);
    media.addEventListener('change', changed);
    changed();
    return () => media.removeEventListener('change', changed);
  }, []);
  return narrow;
}
