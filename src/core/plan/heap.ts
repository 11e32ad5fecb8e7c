/** A binary min-heap of (key, value) pairs in growable typed arrays; duplicates allowed (lazy deletion). */
export class MinHeap {
  private keys: Float64Array;
  private values: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
  }

  push(key: number, value: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Int32Array(this.size * 2);
      v.set(this.values);
      this.values = v;
    }
    let i = this.size++;
    const K = this.keys;
    const V = this.values;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (K[p]! <= key) break;
      K[i] = K[p]!;
      V[i] = V[p]!;
      i = p;
    }
    K[i] = key;
    V[i] = value;
  }

  /** Key of the top; call before pop(). */
  peekKey(): number {
    return this.keys[0]!;
  }

  pop(): number {
    const K = this.keys;
    const V = this.values;
    const top = V[0]!;
    const n = --this.size;
    if (n > 0) {
      const key = K[n]!;
      const value = V[n]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && K[c + 1]! < K[c]!) c++;
        if (K[c]! >= key) break;
        K[i] = K[c]!;
        V[i] = V[c]!;
        i = c;
      }
      K[i] = key;
      V[i] = value;
    }
    return top;
  }
}
