/** The map reports when it has drawn a given data object, so heavy engine work can wait for it. */

let drawn: unknown = null;
const waiters = new Set<{ data: unknown; resolve: () => void }>();

export function reportDrawn(data: unknown): void {
  drawn = data;
  for (const w of waiters)
    if (w.data === data) {
      waiters.delete(w);
      w.resolve();
    }
}

/** Resolves when `data` has been drawn, or after `timeoutMs` (no map, hidden tab, tests). */
export function mapDrawn(data: unknown, timeoutMs: number): Promise<void> {
  if (drawn === data) return Promise.resolve();
  return new Promise((resolve) => {
    const w = { data, resolve };
    waiters.add(w);
    setTimeout(() => {
      if (waiters.delete(w)) resolve();
    }, timeoutMs);
  });
}
