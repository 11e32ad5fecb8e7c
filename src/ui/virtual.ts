/**
 * Options for @tanstack/react-virtual lists that never make the browser lay the page out from
 * script. By default the virtualiser reads the scroll element's size and each new item's
 * offsetHeight as soon as they are on the page, which forces a layout of the whole page inside the
 * task that rendered them (50–110 ms when the unit table and the rule list appear after optimising
 * a big district on a slow machine). Here sizes come only from ResizeObserver, which reports them
 * after the browser's own layout; until then the view is taken to be the window's height and an
 * item its estimated size.
 */
import type { Rect, Virtualizer } from '@tanstack/react-virtual';

export function quietVirtualOptions<S extends Element, I extends Element>(estimate: number) {
  return {
    estimateSize: () => estimate,
    initialRect: { width: 0, height: globalThis.innerHeight ?? 800 },
    observeElementRect: (instance: Virtualizer<S, I>, cb: (rect: Rect) => void) => {
      const el = instance.scrollElement;
      if (!el) return;
      const observer = new ResizeObserver(([entry]) => {
        if (entry) cb({ width: entry.contentRect.width, height: entry.contentRect.height });
      });
      observer.observe(el);
      return () => observer.disconnect();
    },
    measureElement: (el: I, entry: ResizeObserverEntry | undefined, instance: Virtualizer<S, I>) => {
      const box = entry?.borderBoxSize?.[0];
      if (box) return Math.round(box.blockSize);
      const key = instance.options.getItemKey(instance.indexFromElement(el));
      return instance.itemSizeCache.get(key) ?? estimate;
    },
  };
}
