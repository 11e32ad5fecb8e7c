/**
 * Synthetic unit graphs for tests and benchmarks. Every maker is seeded (src/core/random) so a failing
 * property or a benchmark number can be reproduced exactly.
 */
import { buildGraph, type UnitGraph } from '../../src/core/graph/csr';
import { createRng, type Rng, randInt } from '../../src/core/random';

/** A graph with node positions in metres (x0, y0, x1, y1, …). */
export interface SyntheticGraph {
  graph: UnitGraph;
  coords: Float64Array;
}

interface EdgeBuffer {
  u: number[];
  v: number[];
  cost: number[];
}

function edgeBuffer(): EdgeBuffer {
  return { u: [], v: [], cost: [] };
}

function push(edges: EdgeBuffer, u: number, v: number, cost: number): void {
  edges.u.push(u);
  edges.v.push(v);
  edges.cost.push(cost);
}

/** A path 0–1–2–…; costs[i] is the cost of edge (i, i+1), 1 by default. */
export function pathGraph(households: number[], costs?: number[]): UnitGraph {
  const edges = edgeBuffer();
  for (let i = 0; i + 1 < households.length; i++) push(edges, i, i + 1, costs?.[i] ?? 1);
  return buildGraph(households, edges);
}

/** A rows×cols 4-neighbour grid, node r·cols + c; edge cost from `cost` (default 1). */
export function gridGraph(
  rows: number,
  cols: number,
  households: number | ((r: number, c: number) => number),
  cost: (r1: number, c1: number, r2: number, c2: number) => number = () => 1,
): UnitGraph {
  const h: number[] = [];
  const edges = edgeBuffer();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      h.push(typeof households === 'number' ? households : households(r, c));
      if (c + 1 < cols) push(edges, r * cols + c, r * cols + c + 1, cost(r, c, r, c + 1));
      if (r + 1 < rows) push(edges, r * cols + c, (r + 1) * cols + c, cost(r, c, r + 1, c));
    }
  }
  return buildGraph(h, edges);
}

/** Disjoint union of graphs: nodes of the second follow those of the first, and so on. */
export function unionGraphs(parts: UnitGraph[]): UnitGraph {
  const h: number[] = [];
  const edges = edgeBuffer();
  let base = 0;
  for (const g of parts) {
    for (let v = 0; v < g.n; v++) {
      h.push(g.households[v]!);
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const w = g.targets[e]!;
        if (w > v) push(edges, base + v, base + w, g.costs[e]!);
      }
    }
    base += g.n;
  }
  return buildGraph(h, edges);
}

/** Cuts points off the sequence 0..length at random gaps in [minGap, maxGap]: road positions. */
function roadLines(rng: Rng, length: number, minGap: number, maxGap: number): Int32Array {
  const band = new Int32Array(length);
  let b = 0;
  let next = minGap + randInt(rng, maxGap - minGap + 1);
  for (let i = 0; i < length; i++) {
    if (i === next) {
      b++;
      next = i + minGap + randInt(rng, maxGap - minGap + 1);
    }
    band[i] = b;
  }
  return band;
}

export interface CityGraphOptions {
  /** Approximate number of nodes (a near-square jittered grid is used). */
  nodes: number;
  seed: number;
  /** Grid spacing in metres (default 30). */
  spacing?: number;
  /** Households per node, uniform integers in [min, max] (default 20–300). */
  householdsMin?: number;
  householdsMax?: number;
  /** Cost of a road edge relative to an inside-block edge (default 0.1). */
  roadFactor?: number;
  /** Block side lengths in grid steps (default 4–8 columns × 5–8 rows ≈ 20–64 nodes). */
  blockCols?: [number, number];
  blockRows?: [number, number];
}

/**
 * A city-like atom graph: a jittered grid triangulated by one diagonal per cell (planar), cut into blocks
 * of ~20–60 nodes by straight roads; edges crossing a road are cheap (roadFactor × an inside edge).
 */
export function cityGraph(options: CityGraphOptions): SyntheticGraph {
  const rng = createRng(options.seed);
  const spacing = options.spacing ?? 30;
  const hMin = options.householdsMin ?? 20;
  const hMax = options.householdsMax ?? 300;
  const roadFactor = options.roadFactor ?? 0.1;
  const [bcMin, bcMax] = options.blockCols ?? [4, 8];
  const [brMin, brMax] = options.blockRows ?? [5, 8];
  const cols = Math.max(2, Math.round(Math.sqrt(options.nodes)));
  const rows = Math.max(2, Math.round(options.nodes / cols));
  const colBand = roadLines(rng, cols, bcMin, bcMax);
  const rowBand = roadLines(rng, rows, brMin, brMax);
  const n = rows * cols;
  const coords = new Float64Array(2 * n);
  const households: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = r * cols + c;
      coords[2 * v] = (c + 0.35 * (rng() - 0.5)) * spacing;
      coords[2 * v + 1] = (r + 0.35 * (rng() - 0.5)) * spacing;
      households.push(hMin + randInt(rng, hMax - hMin + 1));
    }
  }
  const edges = edgeBuffer();
  const link = (r1: number, c1: number, r2: number, c2: number, base: number) => {
    const road = rowBand[r1] !== rowBand[r2] || colBand[c1] !== colBand[c2];
    const cost = base * (0.8 + 0.4 * rng()) * (road ? roadFactor : 1);
    push(edges, r1 * cols + c1, r2 * cols + c2, cost);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols) link(r, c, r, c + 1, 1);
      if (r + 1 < rows) link(r, c, r + 1, c, 1);
      if (r + 1 < rows && c + 1 < cols) {
        if (rng() < 0.5) link(r, c, r + 1, c + 1, 0.7);
        else link(r, c + 1, r + 1, c, 0.7);
      }
    }
  }
  return { graph: buildGraph(households, edges), coords };
}

export interface RandomPlanarOptions {
  rows: number;
  cols: number;
  seed: number;
  /** Households per node are uniform integers in [0, householdsMax]. */
  householdsMax: number;
  /** Number of straight cheap road lines (rows or columns whose crossing edges cost 0.1). */
  roads: number;
  /** Probability of dropping an edge (may disconnect the graph). */
  dropEdge?: number;
}

/** Small jittered-grid graphs with random households and random cheap road lines, for property tests. */
export function randomPlanarGraph(options: RandomPlanarOptions): SyntheticGraph {
  const rng = createRng(options.seed);
  const { rows, cols } = options;
  const roadAfterRow = new Uint8Array(rows);
  const roadAfterCol = new Uint8Array(cols);
  for (let i = 0; i < options.roads; i++) {
    if (rng() < 0.5) roadAfterRow[randInt(rng, rows)] = 1;
    else roadAfterCol[randInt(rng, cols)] = 1;
  }
  const households: number[] = [];
  const coords = new Float64Array(2 * rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = r * cols + c;
      households.push(randInt(rng, options.householdsMax + 1));
      coords[2 * v] = (c + 0.4 * (rng() - 0.5)) * 25;
      coords[2 * v + 1] = (r + 0.4 * (rng() - 0.5)) * 25;
    }
  }
  const edges = edgeBuffer();
  const drop = options.dropEdge ?? 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = r * cols + c;
      const base = 0.5 + rng();
      if (c + 1 < cols && rng() >= drop) push(edges, v, v + 1, roadAfterCol[c] ? 0.1 * base : base);
      if (r + 1 < rows && rng() >= drop) push(edges, v, v + cols, roadAfterRow[r] ? 0.1 * base : base);
      if (r + 1 < rows && c + 1 < cols && rng() < 0.5 && rng() >= drop) {
        const road = roadAfterRow[r] || roadAfterCol[c];
        push(edges, v, v + cols + 1, road ? 0.07 * base : 0.7 * base);
      }
    }
  }
  return { graph: buildGraph(households, edges), coords };
}

/** Metres (around a city centre) to lon/lat pairs, the inverse of a local equirectangular projection. */
export function metresToLonLat(coords: Float64Array, lon0 = 116.4, lat0 = 39.9): Float64Array {
  const r = 6_371_008.8;
  const out = new Float64Array(coords.length);
  const k = Math.cos((lat0 * Math.PI) / 180);
  for (let i = 0; i < coords.length; i += 2) {
    out[i] = lon0 + (coords[i]! / (r * k)) * (180 / Math.PI);
    out[i + 1] = lat0 + (coords[i + 1]! / r) * (180 / Math.PI);
  }
  return out;
}
