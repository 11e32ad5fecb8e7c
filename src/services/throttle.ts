/**
 * Calls `apply` with the latest value at most once every `ms`: the first value at once, later ones
 * at the end of the interval (only the last of them). Progress arrives ~30 times a second from
 * the engine workers; each shown value costs the page a render, a layout and a commit of the map's
 * canvases, so it is shown at most every `ms`.
 */
export class Throttled<T> {
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: { value: T } | null = null;

  constructor(
    private readonly apply: (value: T) => void,
    private readonly ms: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(value: T): void {
    this.pending = { value };
    if (this.timer !== null) return;
    const wait = this.last + this.ms - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Drops a value still waiting (the job ended: nothing may overwrite what comes next). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private flush(): void {
    this.timer = null;
    const p = this.pending;
    this.pending = null;
    if (!p) return;
    this.last = this.now();
    this.apply(p.value);
  }
}
