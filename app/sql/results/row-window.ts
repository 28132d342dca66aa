// Which rows of the grid to render, by arithmetic: rows have one fixed height, so the
// visible range is a division away — O(1) however many rows there are. (A general
// virtualizer re-measures every row when the count grows: with a million rows arriving in
// batches, that was most of the time the browser spent on a result.)
import { useLayoutEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

export interface RowGeometry {
  rowHeight: number;
  /** The sticky header's height above the first row. */
  headerHeight: number;
}

/** The rows to render for a viewport at `scrollTop` of `height` px, with `overscan` rows either side. */
export function rowWindow(scrollTop: number, height: number, count: number, g: RowGeometry, overscan: number): { first: number; last: number } {
  if (count === 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.floor(scrollTop / g.rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((scrollTop + height - g.headerHeight) / g.rowHeight) + overscan);
  return { first, last: Math.max(first - 1, last) };
}

/** The scrollTop that shows row `index` whole below the header, moving as little as possible (null: already shown). */
export function scrollTopFor(index: number, scrollTop: number, height: number, g: RowGeometry): number | null {
  const top = g.headerHeight + index * g.rowHeight;
  if (top < scrollTop + g.headerHeight) return index * g.rowHeight;
  if (top + g.rowHeight > scrollTop + height) return top + g.rowHeight - height;
  return null;
}

/** The scroll element's scrollTop and height, following scrolls and resizes. */
export function useViewport(scroller: RefObject<HTMLElement | null>): { scrollTop: number; height: number } {
  const [viewport, setViewport] = useState({ scrollTop: 0, height: 600 });
  // Before the first paint: the first rows are drawn for the real height at once.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => setViewport((v) => (v.scrollTop === el.scrollTop && v.height === el.clientHeight ? v : { scrollTop: el.scrollTop, height: el.clientHeight }));
    // The rows for a new scroll position are rendered in the scroll event itself, before the
    // frame is painted: left to React's scheduler they came a task later, so the frame showed
    // the old rows moved, and rows rendered beyond the edges (overscan) had to hide the gap.
    const scrolled = () => flushSync(update);
    update();
    el.addEventListener('scroll', scrolled, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', scrolled);
      resize.disconnect();
    };
  }, [scroller]);
  return viewport;
}
