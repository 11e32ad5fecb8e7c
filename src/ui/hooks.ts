import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { type ProjectState, projectStore } from '../state/project';
import { type ViewState, viewStore } from '../state/view';

export const useView = <T>(sel: (s: ViewState) => T): T => useStore(viewStore, sel);
export const useViewShallow = <T>(sel: (s: ViewState) => T): T => useStore(viewStore, useShallow(sel));
export const useProject = <T>(sel: (s: ProjectState) => T): T => useStore(projectStore, sel);
export const useHistory = () =>
  useStore(
    projectStore.temporal,
    useShallow((s) => ({ past: s.pastStates.length, future: s.futureStates.length })),
  );

/**
 * How many of `ids` (in order) to render now: every item already on the page, and at most `batch`
 * new ones, up to the first new item beyond that.
 */
export function itemsToRender(ids: readonly string[], onPage: ReadonlySet<string>, batch: number): number {
  let fresh = 0;
  for (let i = 0; i < ids.length; i++) {
    if (onPage.has(ids[i]!)) continue;
    if (++fresh > batch) return i;
  }
  return ids.length;
}

/**
 * A long list put on the page a batch at a time: items already on the page stay, at most `batch`
 * new ones are added per render, and the next batch follows in a task of its own once the browser
 * has laid out and drawn the last one. Hundreds of new rows at once (a table after an optimisation
 * of a big district) would otherwise be one task of several hundred milliseconds of rendering, style
 * and layout. Returns the prefix of `items` to render.
 */
export function useBatches<T>(items: readonly T[], key: (item: T) => string, batch: number): readonly T[] {
  const onPage = useRef<Set<string>>(new Set());
  const [, setTick] = useState(0);
  const limit = itemsToRender(items.map(key), onPage.current, batch);
  const shown = limit < items.length ? items.slice(0, limit) : items;
  useEffect(() => {
    onPage.current = new Set(shown.map(key));
    if (shown.length >= items.length) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setTick((n) => n + 1), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  });
  return shown;
}
