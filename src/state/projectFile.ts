/**
 * The project file: versioned JSON with migrations. Version 1 (the first autosave format) had a
 * single plan; version 2 has a list of named plans. Pure: used by autosave, save/open and tests.
 */
import { DEFAULT_PARAMS, type Plan, type ProjectState } from './project';

export const PROJECT_FORMAT = 'shequ-planner-project';
export const PROJECT_VERSION = 2;

export interface ProjectFileV2 {
  format: typeof PROJECT_FORMAT;
  version: 2;
  savedAt: string;
  project: ProjectState;
}

interface ProjectFileV1 {
  format: typeof PROJECT_FORMAT;
  version: 1;
  savedAt?: string;
  name?: string;
  data: ProjectState['data'];
  mapping?: ProjectState['mapping'];
  params?: Partial<ProjectState['params']>;
  plan?: Omit<Plan, 'id' | 'name' | 'createdAt'> | null;
}

export function toProjectFile(project: ProjectState, now = new Date()): ProjectFileV2 {
  return { format: PROJECT_FORMAT, version: 2, savedAt: now.toISOString(), project };
}

type Migration = (file: Record<string, unknown>) => Record<string, unknown>;

const migrations: Record<number, Migration> = {
  1: (raw) => {
    const v1 = raw as unknown as ProjectFileV1;
    const params = { ...DEFAULT_PARAMS, ...(v1.params ?? {}) };
    const plans: Plan[] = v1.plan
      ? [{ id: 'plan-1', name: 'Plan 1', createdAt: v1.savedAt ?? new Date(0).toISOString(), ...v1.plan }]
      : [];
    const project: ProjectState = {
      name: v1.name ?? '',
      data: v1.data,
      mapping: v1.mapping ?? {},
      params,
      plans,
      activePlanId: plans[0]?.id ?? null,
    };
    return { format: PROJECT_FORMAT, version: 2, savedAt: v1.savedAt ?? new Date(0).toISOString(), project };
  },
};

/** Parse and migrate a project file to the current version; throws with a reason when it cannot. */
export function readProjectFile(input: string | unknown): ProjectFileV2 {
  let raw = (typeof input === 'string' ? JSON.parse(input) : input) as Record<string, unknown>;
  if (!raw || typeof raw !== 'object' || raw.format !== PROJECT_FORMAT)
    throw new Error('not a Shequ Planner project file');
  let version = Number(raw.version);
  if (!Number.isInteger(version) || version < 1)
    throw new Error(`unknown project file version ${String(raw.version)}`);
  if (version > PROJECT_VERSION)
    throw new Error(`project file version ${version} is newer than this app (${PROJECT_VERSION})`);
  while (version < PROJECT_VERSION) {
    raw = migrations[version]!(raw);
    version = Number(raw.version);
  }
  const file = raw as unknown as ProjectFileV2;
  const p = file.project;
  if (!p || !Array.isArray(p.plans)) throw new Error('project file has no plans list');
  file.project = { ...p, params: { ...DEFAULT_PARAMS, ...p.params }, mapping: p.mapping ?? {} };
  return file;
}
