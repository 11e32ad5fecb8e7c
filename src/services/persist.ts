/** Autosave to IndexedDB (idb-keyval), restore on start; save/open a project file. */
import { del, get, set } from 'idb-keyval';
import { t } from '../i18n';
import { type ProjectData, projectStore, replaceProject } from '../state/project';
import { readProjectFile, toProjectFile } from '../state/projectFile';
import { toast, viewStore } from '../state/view';
import { loadData } from './data';
import { yieldToMain } from './results';

const KEY = 'shequ.project';
/** The data files are stored apart and only rewritten when they change (cloning megabytes takes a while). */
const DATA_KEY = 'shequ.project.data';

type StoredData = Record<string, { name: string; blob: Blob }>;

/** Characters encoded per step (a few milliseconds of work each, also on a slow machine). */
const BLOB_CHUNK = 1 << 19;

/**
 * A text as a Blob, encoded a slice at a time with a pause between slices: `new Blob([text])` of a
 * 12 MB buildings file is one ~150 ms task. Slices never split a surrogate pair.
 */
export async function textBlob(text: string, chunk = BLOB_CHUNK): Promise<Blob> {
  if (text.length <= chunk) return new Blob([text]);
  const parts: Blob[] = [];
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + chunk);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    parts.push(new Blob([text.slice(i, end)]));
    i = end;
    await yieldToMain();
  }
  return new Blob(parts);
}

/** Texts as Blobs: IndexedDB stores a Blob without cloning its bytes on the main thread. */
async function toBlobs(data: ProjectData): Promise<StoredData> {
  const out: StoredData = {};
  for (const [role, f] of Object.entries(data))
    if (f) out[role] = { name: f.name, blob: await textBlob(f.text) };
  return out;
}

async function fromBlobs(stored: StoredData | undefined): Promise<ProjectData | null> {
  if (!stored) return null;
  const out: Record<string, { name: string; text: string }> = {};
  for (const [role, f] of Object.entries(stored)) out[role] = { name: f.name, text: await f.blob.text() };
  return out.buildings && out.communities ? (out as ProjectData) : null;
}

export async function restoreAutosave(): Promise<boolean> {
  try {
    const raw = (await get(KEY)) as { project?: { data?: unknown } } | undefined;
    if (!raw) return false;
    if (raw.project && raw.project.data === DATA_KEY) raw.project.data = await fromBlobs(await get(DATA_KEY));
    const file = readProjectFile(raw);
    if (!file.project.data) return false;
    replaceProject(file.project);
    await loadData();
    toast('info', t('project.restored'));
    return true;
  } catch {
    await del(KEY).catch(() => undefined);
    return false;
  }
}

export function startAutosave(delayMs = 800): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let savedData: unknown = null;
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const s = projectStore.getState();
      if (!s.data) return;
      const data = s.data;
      const writeData =
        data !== savedData ? toBlobs(data).then((blobs) => set(DATA_KEY, blobs)) : Promise.resolve();
      savedData = data;
      void writeData
        // The state when the data is stored (a later change schedules its own save).
        .then(() => set(KEY, toProjectFile({ ...projectStore.getState(), data: DATA_KEY as never })))
        .then(() => viewStore.setState({ savedAt: new Date() }))
        .catch(() => {
          savedData = null;
        });
    }, delayMs);
  };
  // The data loaded before autosave started is stored now, not with the first edit (an optimiser
  // run), when the page is busy.
  if (projectStore.getState().data) schedule();
  return projectStore.subscribe(schedule);
}

export function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveProjectFile(): void {
  const s = projectStore.getState();
  const name = `${s.name || 'project'}.shequ.json`;
  download(name, JSON.stringify(toProjectFile(s)), 'application/json');
}

export async function openProjectFile(file: File): Promise<void> {
  try {
    const parsed = readProjectFile(await file.text());
    replaceProject(parsed.project);
    await loadData();
  } catch (err) {
    toast('error', t('project.openFailed', { message: (err as Error).message }));
  }
}
