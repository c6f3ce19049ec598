import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';
import { makeStyles } from '@fluentui/react-components';

/**
 * Moves keyboard focus to an element (a result, a notice; give it `tabIndex={-1}`) each time `key`
 * takes a new non-null value, so after Validate, Sync, Preview, Save or a resolution focus lands on
 * what happened instead of falling back to `<body>` when the pressed button disappears or disables.
 */
export function useFocusOn<T extends HTMLElement>(key: string | number | null): RefObject<T> {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (key !== null) ref.current?.focus();
  }, [key]);
  return ref;
}

/** Text only screen readers read (the polite live region of progress milestones). */
export const useScreenReaderOnly = makeStyles({
  root: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});
