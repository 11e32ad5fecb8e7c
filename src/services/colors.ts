/** Neighbour-distinct unit colours: greedy colouring in smallest-last order of the touch graph. */

export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#b07aa1',
  '#edc948',
  '#76b7b2',
  '#ff9da7',
  '#9c755f',
  '#8cd17d',
];

/**
 * The touch graph built a unit at a time (so that a caller can pause between units): units that
 * share a boundary vertex (rounded to ~1 m) are neighbours.
 */
export class TouchGraphBuilder {
  // Numeric keys (lon·1e5 and lat·1e5 packed below 2^53): far cheaper than strings for 10^5–10^6 vertices.
  private readonly byVertex = new Map<number, number[]>();
  private count = 0;

  /** Adds the next unit (index = number of units added before it). */
  add(polys: number[][][][]): void {
    const u = this.count++;
    const byVertex = this.byVertex;
    for (const poly of polys)
      for (const ring of poly)
        for (const p of ring) {
          const key = (Math.round(p[0]! * 1e5) + 18_000_000) * 2e7 + (Math.round(p[1]! * 1e5) + 9_000_000);
          const list = byVertex.get(key);
          if (!list) byVertex.set(key, [u]);
          else if (list[list.length - 1] !== u && !list.includes(u)) list.push(u);
        }
  }

  graph(): Set<number>[] {
    const adj = Array.from({ length: this.count }, () => new Set<number>());
    for (const list of this.byVertex.values()) {
      if (list.length < 2) continue;
      for (const a of list) for (const b of list) if (a !== b) adj[a]!.add(b);
    }
    return adj;
  }
}

/** Units that share a boundary vertex (rounded to ~1 m) are neighbours. */
export function touchGraph(polygons: number[][][][][]): Set<number>[] {
  const b = new TouchGraphBuilder();
  for (const polys of polygons) b.add(polys);
  return b.graph();
}

export function colourGraph(adj: Set<number>[]): number[] {
  const n = adj.length;
  const degree = adj.map((s) => s.size);
  const removed = new Uint8Array(n);
  const order: number[] = [];
  for (let step = 0; step < n; step++) {
    let best = -1;
    for (let v = 0; v < n; v++) if (!removed[v] && (best < 0 || degree[v]! < degree[best]!)) best = v;
    removed[best] = 1;
    order.push(best);
    for (const w of adj[best]!) if (!removed[w]) degree[w]!--;
  }
  const colour = new Array<number>(n).fill(-1);
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i]!;
    const used = new Set<number>();
    for (const w of adj[v]!) if (colour[w]! >= 0) used.add(colour[w]!);
    let c = 0;
    while (used.has(c)) c++;
    colour[v] = c;
  }
  return colour;
}

export function colourHex(c: number): string {
  if (c < PALETTE.length) return PALETTE[c]!;
  const hue = (c * 137.508) % 360;
  return `hsl(${hue.toFixed(0)} 55% 60%)`;
}

export type Rgb = [number, number, number];

/** The same colour as colourHex, as 0–255 channels (for blending ahead of drawing). */
export function colourRgb(c: number): Rgb {
  if (c < PALETTE.length) return hexRgb(PALETTE[c]!);
  // hsl(h 55% 60%) as in colourHex
  const h = Number(((c * 137.508) % 360).toFixed(0));
  const s = 0.55;
  const l = 0.6;
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}

export function hexRgb(hex: string): Rgb {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as Rgb;
}

/** `top` at opacity `alpha` over `below`. */
export function over(top: Rgb, alpha: number, below: Rgb): Rgb {
  return top.map((v, i) => v * alpha + below[i]! * (1 - alpha)) as Rgb;
}

export function rgbHex(c: Rgb): string {
  return `#${c
    .map((v) =>
      Math.round(Math.max(0, Math.min(255, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}
