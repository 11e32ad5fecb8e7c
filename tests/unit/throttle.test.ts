import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttled } from '../../src/services/throttle';

/** Values shown every 200 ms, on the fake clock. */
function throttled() {
  const seen: number[] = [];
  return {
    seen,
    t: new Throttled<number>(
      (v) => seen.push(v),
      200,
      () => Date.now(),
    ),
  };
}

describe('Throttled', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the first value at once and then the latest at most every interval', () => {
    const { seen, t } = throttled();
    t.push(1);
    expect(seen).toEqual([1]);
    t.push(2);
    t.push(3);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(199);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([1, 3]);
    // Quiet for longer than the interval: the next value shows at once again.
    vi.advanceTimersByTime(500);
    t.push(4);
    expect(seen).toEqual([1, 3, 4]);
  });

  it('never shows a value pushed before cancel', () => {
    const { seen, t } = throttled();
    t.push(1);
    t.push(2);
    t.cancel();
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([1]);
  });

  it('over a burst, shows about one value per interval and always the last one', () => {
    const { seen, t } = throttled();
    for (let i = 1; i <= 300; i++) {
      t.push(i);
      vi.advanceTimersByTime(33);
    }
    vi.advanceTimersByTime(200);
    expect(seen.at(-1)).toBe(300);
    expect(seen.length).toBeGreaterThanOrEqual(45);
    expect(seen.length).toBeLessThanOrEqual(52);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
  });
});
