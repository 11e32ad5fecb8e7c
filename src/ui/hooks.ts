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
