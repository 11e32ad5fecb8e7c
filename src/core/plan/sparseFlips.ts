/**
 * Constrainautor keeps the edges it flipped in a bit set and scans the whole set after every
 * constrained edge, which makes constraining O(edges × triangles). This drop-in keeps a list of
 * the members as well, so the scan costs only what was flipped.
 */
export class SparseFlips {
  private readonly member: Uint8Array;
  private list: number[] = [];

  constructor(size: number) {
    this.member = new Uint8Array(size);
  }

  add(idx: number): this {
    if (!this.member[idx]) {
      this.member[idx] = 1;
      this.list.push(idx);
    }
    return this;
  }

  delete(idx: number): this {
    this.member[idx] = 0;
    return this;
  }

  set(idx: number, val: boolean): boolean {
    if (val) this.add(idx);
    else this.member[idx] = 0;
    return val;
  }

  has(idx: number): boolean {
    return this.member[idx] === 1;
  }

  forEach(fn: (idx: number) => void): this {
    const pending = this.list;
    this.list = [];
    // fn deletes what it visits; whatever is (re-)added meanwhile lands in the new list.
    for (const idx of pending) if (this.member[idx]) fn(idx);
    return this;
  }
}
