import { forwardRef } from 'react';
import type { ReactNode } from 'react';

interface LiveRegionProps {
  readonly className?: string;
  /** -1 where focus moves to the region's result (useFocusOn). */
  readonly tabIndex?: number;
  readonly children?: ReactNode;
}

/**
 * The pane's one kind of polite live region. It is always rendered, empty until it has something
 * to say: screen readers announce changes to a region they already know, and often say nothing
 * for one inserted with its text already in it (the connection check's result was such a region,
 * issue 14). Every polite announcement in the pane goes through here (test/taskpane/live-regions).
 */
export const LiveRegion = forwardRef<HTMLDivElement, LiveRegionProps>(function LiveRegion(
  { className, tabIndex, children },
  ref,
) {
  return (
    <div ref={ref} role="status" aria-live="polite" className={className} tabIndex={tabIndex}>
      {children}
    </div>
  );
});
