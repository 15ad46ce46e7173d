import { useCallback, useState } from 'react';
import type { RefCallback } from 'react';

/**
 * The width in CSS pixels of the element given the returned ref, kept current as it resizes: for
 * drawings laid out at their real size rather than scaled, so their text stays at the page's size.
 * 0 until the element is attached, and while it is not rendered (inside a closed `<details>`).
 */
export function useElementWidth(): readonly [RefCallback<HTMLElement>, number] {
  const [width, setWidth] = useState(0);
  const ref = useCallback((element: HTMLElement | null) => {
    if (!element) return;
    const measure = () => setWidth(element.clientWidth);
    // Measured at once so the first paint has the size; the observer follows later changes.
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
