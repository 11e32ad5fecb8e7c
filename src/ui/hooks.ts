import { useEffect, useState } from 'react';
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
 * `value`, shown a frame later: the part of the page that shows it is laid out and painted in a
 * frame of its own. After an optimisation of a big district the table, the chart and the rule list
 * all change at once, and the browser's first layout and paint of all three (new text to shape)
 * was one task of 100+ ms on a slow machine.
 */
export function useLater<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setShown(() => value), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [value, shown]);
  return shown;
}
