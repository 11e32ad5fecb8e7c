/**
 * Road cleaning before the triangulation. The community outline and the road, river and wall lines
 * near it become one network of pieces between shared vertices, as the constrained triangulation
 * needs it: no two pieces cross or overlap, no piece runs through a vertex it does not end at, and
 * nothing is dropped (every input line is covered by pieces).
 *
 * Vertices sit on a centimetre grid. Crossings become shared vertices. A vertex within
 * BARRIER_SNAP of a road piece (OUTLINE_SNAP of the outline) is put on that piece, which merges
 * near-duplicate lines into one; a dead end that stops just short of a line is joined to it. All
 * decisions about sides use exact orientation tests (robust-predicates), the same the
 * triangulation makes, so what is clean here is clean there.
 */
import { orient2d } from 'robust-predicates';
import { StripeIndex } from '../geo/ring';
import { COMMUNITY_EDGE } from './barriers';

const CM = 100; // snap to centimetres

/**
 * How far (m) a vertex may lie from a road, river or wall and still be put on it. Real data has
 * the same road digitised several times 1 cm to 50 cm apart (bus routes sharing a street); 0.5 m
 * merges those and stays far below the width of a road (dual carriageways are metres apart).
 */
export const BARRIER_SNAP = 0.5;
/** The same for the community outline: lon/lat with 6 decimals is only good to ~11 cm. */
export const OUTLINE_SNAP = 0.15;
/** How far (m) a dead end may stop short of any line (the outline too) and still be joined to it. */
export const DANGLE_SNAP = 0.5;
/**
 * Lines are kept this far (m) outside the community: four times every snapping distance, so all
 * that could snap to the outline is there; beyond it a line bounds nothing in the community.
 */
export const OUTSIDE_MARGIN = 2;
/** Cleaning repeats until nothing changes; real data settles in 3–5 rounds. */
const MAX_ROUNDS = 32;

/**
 * A hash map from pairs of 32-bit integers to indices (≥ 0), in typed arrays: no boxed keys and
 * no garbage, where a Map with number keys beyond 2^31 boxes every key.
 */
export class IntPairMap {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keysA = new Int32Array(capacity);
    this.keysB = new Int32Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ (b >>> 16), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    let i = h & this.mask;
    while (this.values[i] !== -1 && (this.keysA[i] !== a || this.keysB[i] !== b)) i = (i + 1) & this.mask;
    return i;
  }

  /** The index stored for (a, b), or -1. */
  get(a: number, b: number): number {
    return this.values[this.slot(a, b)]!;
  }

  set(a: number, b: number, value: number): void {
    let i = this.slot(a, b);
    if (this.values[i] === -1) {
      if (2 * (this.size + 1) > this.values.length) {
        this.grow();
        i = this.slot(a, b);
      }
      this.size++;
    }
    this.keysA[i] = a;
    this.keysB[i] = b;
    this.values[i] = value;
  }

  private grow(): void {
    const { keysA, keysB, values } = this;
    const capacity = values.length * 2;
    this.keysA = new Int32Array(capacity);
    this.keysB = new Int32Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let i = 0; i < values.length; i++)
      if (values[i] !== -1) {
        const j = this.slot(keysA[i]!, keysB[i]!);
        this.keysA[j] = keysA[i]!;
        this.keysB[j] = keysB[i]!;
        this.values[j] = values[i]!;
      }
  }
}

/**
 * Boxes in a uniform grid of cells, in typed arrays: built in two passes without sorting, and a
 * search visits each box once. Faster than a tree here, where boxes are all about one size
 * (pieces are at most the spacing long) and every box is searched for.
 */
export class GridIndex {
  private readonly boxes: Float64Array;
  private count = 0;
  private x0 = 0;
  private y0 = 0;
  private cell: number;
  private nx = 1;
  private ny = 1;
  private start = new Int32Array(2);
  private items = new Int32Array(0);
  private stamp = new Int32Array(0);
  private query = 0;

  constructor(numItems: number, cell: number) {
    this.boxes = new Float64Array(4 * numItems);
    this.cell = cell;
  }

  add(minX: number, minY: number, maxX: number, maxY: number): number {
    const i = this.count++;
    this.boxes[4 * i] = minX;
    this.boxes[4 * i + 1] = minY;
    this.boxes[4 * i + 2] = maxX;
    this.boxes[4 * i + 3] = maxY;
    return i;
  }

  finish(): void {
    const { boxes, count } = this;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    this.x0 = Number.POSITIVE_INFINITY;
    this.y0 = Number.POSITIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      this.x0 = Math.min(this.x0, boxes[4 * i]!);
      this.y0 = Math.min(this.y0, boxes[4 * i + 1]!);
      x1 = Math.max(x1, boxes[4 * i + 2]!);
      y1 = Math.max(y1, boxes[4 * i + 3]!);
    }
    // No more cells than a few per box (a district of scattered lines would make many empty cells).
    for (;;) {
      this.nx = Math.floor((x1 - this.x0) / this.cell) + 1;
      this.ny = Math.floor((y1 - this.y0) / this.cell) + 1;
      if (this.nx * this.ny <= 4 * count + 64) break;
      this.cell *= 2;
    }
    const cells = this.nx * this.ny;
    const start = new Int32Array(cells + 1);
    const fill = new Int32Array(cells);
    let items = new Int32Array(0);
    // Two passes over the cells each box covers: count, then place.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < count; i++) {
        const cx0 = Math.floor((boxes[4 * i]! - this.x0) / this.cell);
        const cy0 = Math.floor((boxes[4 * i + 1]! - this.y0) / this.cell);
        const cx1 = Math.floor((boxes[4 * i + 2]! - this.x0) / this.cell);
        const cy1 = Math.floor((boxes[4 * i + 3]! - this.y0) / this.cell);
        for (let cy = cy0; cy <= cy1; cy++)
          for (let cx = cx0; cx <= cx1; cx++) {
            const c = cy * this.nx + cx;
            if (pass === 0) start[c + 1]!++;
            else items[fill[c]!++] = i;
          }
      }
      if (pass === 0) {
        for (let c = 0; c < cells; c++) start[c + 1]! += start[c]!;
        fill.set(start.subarray(0, cells));
        items = new Int32Array(start[cells]!);
      }
    }
    this.start = start;
    this.items = items;
    this.stamp = new Int32Array(count);
  }

  /** Calls `visit` once for every box that meets the query box (closed boxes). */
  search(minX: number, minY: number, maxX: number, maxY: number, visit: (item: number) => unknown): void {
    const q = ++this.query;
    const { boxes, start, items, stamp, cell, nx } = this;
    const cx0 = Math.max(0, Math.floor((minX - this.x0) / cell));
    const cy0 = Math.max(0, Math.floor((minY - this.y0) / cell));
    const cx1 = Math.min(nx - 1, Math.floor((maxX - this.x0) / cell));
    const cy1 = Math.min(this.ny - 1, Math.floor((maxY - this.y0) / cell));
    for (let cy = cy0; cy <= cy1; cy++)
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = cy * nx + cx;
        for (let k = start[c]!; k < start[c + 1]!; k++) {
          const i = items[k]!;
          if (stamp[i] === q) continue;
          stamp[i] = q;
          if (
            boxes[4 * i]! <= maxX &&
            boxes[4 * i + 2]! >= minX &&
            boxes[4 * i + 1]! <= maxY &&
            boxes[4 * i + 3]! >= minY
          )
            visit(i);
        }
      }
  }
}

/** Grid cell size (m) of the indexes: about the length of a piece. */
const INDEX_CELL = 20;

/** Points of the mesh, snapped to centimetres and shared: adding a point twice gives one index. */
export class PointSet {
  coords: number[] = [];
  /** Unrounded coordinates of points on the community outline (NaN elsewhere). */
  exact: number[] = [];
  // Keyed by the grid cell itself (two integers), so no two grid points can share a key.
  private readonly index = new IntPairMap(1024);

  add(x: number, y: number, onOutline = false): number {
    const rx = Math.round(x * CM);
    const ry = Math.round(y * CM);
    let i = this.index.get(rx, ry);
    if (i === -1) {
      i = this.coords.length / 2;
      this.coords.push(rx / CM, ry / CM);
      this.exact.push(Number.NaN, Number.NaN);
      this.index.set(rx, ry, i);
    }
    if (onOutline && Number.isNaN(this.exact[2 * i]!)) {
      this.exact[2 * i] = x;
      this.exact[2 * i + 1] = y;
    }
    return i;
  }

  /** Record the exact outline position of a point, unless it has one (ring vertices win). */
  setExact(i: number, x: number, y: number): void {
    if (Number.isNaN(this.exact[2 * i]!)) {
      this.exact[2 * i] = x;
      this.exact[2 * i + 1] = y;
    }
  }

  get size(): number {
    return this.coords.length / 2;
  }
}

/** One key for an undirected pair of point indices. */
export const pairKey = (a: number, b: number): number => (a < b ? a * 0x4000000 + b : b * 0x4000000 + a);

export interface NetworkLine {
  /** Polyline in metres (flat x,y). */
  coords: Float64Array;
  /** Edge kind (≥ 1, see barriers.ts). */
  kind: number;
}

export interface NodingInput {
  /** Community rings in metres (flat x,y arrays, open). */
  rings: Float64Array[];
  lines: readonly NetworkLine[];
  /** Pieces longer than this are divided evenly (m), so triangles along lines stay small. */
  spacing: number;
  /**
   * Line segments outside the community and further than this (m) from its outline are left out
   * (default OUTSIDE_MARGIN).
   */
  margin?: number;
}

export interface RoadNetwork {
  points: PointSet;
  /** Pieces as pairs of point indices; unique, in either direction. */
  pieces: number[];
  /** Edge kind of each piece: COMMUNITY_EDGE or a barrier kind (where both ran, the lower). */
  kinds: number[];
  /** Input line each piece comes from (index into `lines`), -1 for the community outline. */
  sources: number[];
  /** Points of the input rings' own vertices. */
  ringVertices: number[];
  /** Cleaning rounds used (MAX_ROUNDS means it stopped before settling). */
  rounds: number;
  /** Pieces indexed by box, for the points added later (built on first use). */
  index: GridIndex | null;
  indexed: number;
}

/**
 * Builds the clean network of the community outline and the lines near it.
 * Coordinates in metres (the district's local projection).
 */
export function nodeNetwork(input: NodingInput): RoadNetwork {
  const { rings, lines, spacing, margin = OUTSIDE_MARGIN } = input;
  const points = new PointSet();
  const pieces: number[] = [];
  const kinds: number[] = [];
  const sources: number[] = [];
  const ringVertices: number[] = [];
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;

  // Each input segment, divided evenly; points on the outline keep their place on the ring's line.
  // Outline segments are divided now (their points keep their exact place on the ring's line);
  // lines only once duplicates have merged (see densify).
  const addSegment = (ax: number, ay: number, bx: number, by: number, kind: number, source: number) => {
    const ring = kind === COMMUNITY_EDGE;
    const steps = ring ? Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / spacing)) : 1;
    let prev = points.add(ax, ay, ring);
    for (let q = 1; q <= steps; q++) {
      const f = q / steps;
      const x = q === steps ? bx : ax + (bx - ax) * f;
      const y = q === steps ? by : ay + (by - ay) * f;
      const idx = points.add(x, y, ring);
      if (idx !== prev) {
        pieces.push(prev, idx);
        kinds.push(kind);
        sources.push(source);
      }
      prev = idx;
    }
  };
  for (const r of rings) {
    const n = r.length / 2;
    for (let i = 0; i < n; i++) {
      const x = r[2 * i]!;
      const y = r[2 * i + 1]!;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
      ringVertices.push(points.add(x, y, true));
    }
  }
  for (const r of rings) {
    const n = r.length / 2;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      addSegment(r[2 * i]!, r[2 * i + 1]!, r[2 * j]!, r[2 * j + 1]!, COMMUNITY_EDGE, -1);
    }
  }
  const firstLinePoint = points.size;
  // Line segments away from the community (outside it and not within `margin` of its outline)
  // cannot bound anything in it: they are left out before any work is spent on them.
  const ringIndex = rings.length ? new StripeIndex(rings) : null;
  let edgeCount = 0;
  for (const r of rings) edgeCount += r.length / 2;
  const outline = new GridIndex(edgeCount, Math.max(INDEX_CELL, margin));
  for (const r of rings) {
    const n = r.length / 2;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      outline.add(
        Math.min(r[2 * i]!, r[2 * j]!) - margin,
        Math.min(r[2 * i + 1]!, r[2 * j + 1]!) - margin,
        Math.max(r[2 * i]!, r[2 * j]!) + margin,
        Math.max(r[2 * i + 1]!, r[2 * j + 1]!) + margin,
      );
    }
  }
  if (edgeCount) outline.finish();
  let nearOutline = false;
  const found = () => {
    nearOutline = true;
  };
  lines.forEach((line, source) => {
    const c = line.coords;
    for (let i = 0; i + 3 < c.length; i += 2) {
      const ax = c[i]!;
      const ay = c[i + 1]!;
      const bx = c[i + 2]!;
      const by = c[i + 3]!;
      if (
        rings.length &&
        (Math.max(ax, bx) < minX - margin ||
          Math.min(ax, bx) > maxX + margin ||
          Math.max(ay, by) < minY - margin ||
          Math.min(ay, by) > maxY + margin)
      )
        continue;
      if (ax === bx && ay === by) continue;
      if (ringIndex) {
        // Away from the outline a segment cannot cross it: one end tells inside from outside.
        nearOutline = false;
        outline.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by), found);
        if (!nearOutline && !ringIndex.contains(ax, ay)) continue;
      }
      addSegment(ax, ay, bx, by, line.kind, source);
    }
  });

  const net: RoadNetwork = {
    points,
    pieces,
    kinds,
    sources,
    ringVertices,
    rounds: 0,
    index: null,
    indexed: 0,
  };
  mergeCloseVertices(net, firstLinePoint);
  snapToVertices(net);
  densify(net, spacing);
  snapRound(net);
  return net;
}

/** Cells of a hash grid over points, for the nearest point within reach. */
class PointGrid {
  private readonly cells = new Map<number, number[]>();
  constructor(
    private readonly coords: number[],
    private readonly cell: number,
  ) {}

  private key(cx: number, cy: number): number {
    return (cx + 0x100000) * 0x200000 + (cy + 0x100000);
  }

  insert(v: number): void {
    const k = this.key(
      Math.floor(this.coords[2 * v]! / this.cell),
      Math.floor(this.coords[2 * v + 1]! / this.cell),
    );
    const list = this.cells.get(k);
    if (list) list.push(v);
    else this.cells.set(k, [v]);
  }

  /** The nearest point within `reach` (≤ the cell size) of (x, y), or -1. */
  nearest(x: number, y: number, reach: number): number {
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    let best = -1;
    let bestD2 = reach * reach;
    for (let i = cx - 1; i <= cx + 1; i++)
      for (let j = cy - 1; j <= cy + 1; j++) {
        const list = this.cells.get(this.key(i, j));
        if (!list) continue;
        for (const v of list) {
          const d2 = (this.coords[2 * v]! - x) ** 2 + (this.coords[2 * v + 1]! - y) ** 2;
          if (d2 <= bestD2) {
            bestD2 = d2;
            best = v;
          }
        }
      }
    return best;
  }
}

/**
 * Line vertices within BARRIER_SNAP of an earlier vertex (OUTLINE_SNAP of an outline point) are
 * merged into it, so that vertices are that far apart before pieces are put through them:
 * otherwise the many near-coincident vertices of duplicated lines are threaded into ever more
 * pieces. Outline points never move.
 */
function mergeCloseVertices(net: RoadNetwork, firstLinePoint: number): void {
  const old = net.points;
  const P = old.coords;
  const X = old.exact;
  const points = new PointSet();
  const grid = new PointGrid(points.coords, BARRIER_SNAP);
  const rep = new Int32Array(old.size);
  for (let v = 0; v < old.size; v++) {
    const x = P[2 * v]!;
    const y = P[2 * v + 1]!;
    if (v >= firstLinePoint) {
      const c = grid.nearest(x, y, BARRIER_SNAP);
      const onOutline = c >= 0 && !Number.isNaN(points.exact[2 * c]!);
      if (
        c >= 0 &&
        (!onOutline ||
          (points.coords[2 * c]! - x) ** 2 + (points.coords[2 * c + 1]! - y) ** 2 <= OUTLINE_SNAP ** 2)
      ) {
        rep[v] = c;
        continue;
      }
    }
    const before = points.size;
    const c = points.add(x, y);
    if (!Number.isNaN(X[2 * v]!)) points.setExact(c, X[2 * v]!, X[2 * v + 1]!);
    if (c === before) grid.insert(c);
    rep[v] = c;
  }
  const { pieces, kinds, sources } = net;
  let w = 0;
  for (let i = 0; i < kinds.length; i++) {
    const a = rep[pieces[2 * i]!]!;
    const b = rep[pieces[2 * i + 1]!]!;
    if (a === b) continue;
    pieces[2 * w] = a;
    pieces[2 * w + 1] = b;
    kinds[w] = kinds[i]!;
    sources[w] = sources[i]!;
    w++;
  }
  pieces.length = 2 * w;
  kinds.length = w;
  sources.length = w;
  net.ringVertices = net.ringVertices.map((v) => rep[v]!);
  net.points = points;
  dedupe(net, null);
}

/** Drops repeated pieces (either direction); where kinds differ the lower kind (and its line) wins. */
function dedupe(net: RoadNetwork, flags: number[] | null): number[] | null {
  const { pieces, kinds, sources } = net;
  const at = new IntPairMap(kinds.length);
  let w = 0;
  for (let i = 0; i < kinds.length; i++) {
    const a = pieces[2 * i]!;
    const b = pieces[2 * i + 1]!;
    const k = a < b ? at.get(a, b) : at.get(b, a);
    if (k === -1) {
      if (a < b) at.set(a, b, w);
      else at.set(b, a, w);
      pieces[2 * w] = a;
      pieces[2 * w + 1] = b;
      kinds[w] = kinds[i]!;
      sources[w] = sources[i]!;
      if (flags) flags[w] = flags[i]!;
      w++;
    } else {
      if (kinds[i]! < kinds[k]!) {
        kinds[k] = kinds[i]!;
        sources[k] = sources[i]!;
      }
      if (flags?.[i]) flags[k] = 1;
    }
  }
  pieces.length = 2 * w;
  kinds.length = w;
  sources.length = w;
  if (flags) flags.length = w;
  return flags;
}

function degrees(net: RoadNetwork): Int32Array {
  const degree = new Int32Array(net.points.size);
  for (const v of net.pieces) degree[v]!++;
  return degree;
}

function pieceIndex(net: RoadNetwork, pad: number): GridIndex | null {
  const n = net.kinds.length;
  if (n === 0) return null;
  const P = net.points.coords;
  const index = new GridIndex(n, INDEX_CELL);
  for (let i = 0; i < n; i++) {
    const a = net.pieces[2 * i]!;
    const b = net.pieces[2 * i + 1]!;
    index.add(
      Math.min(P[2 * a]!, P[2 * b]!) - pad,
      Math.min(P[2 * a + 1]!, P[2 * b + 1]!) - pad,
      Math.max(P[2 * a]!, P[2 * b]!) + pad,
      Math.max(P[2 * a + 1]!, P[2 * b + 1]!) + pad,
    );
  }
  index.finish();
  return index;
}

/**
 * One pass: each piece is put through the vertices that lie within the snapping distance of its
 * interior, in order along it. Near-duplicate lines so become one (zigzagging within the distance).
 * A dead end within DANGLE_SNAP of another line's end or corner (where it cannot be put on a piece)
 * is joined to that vertex by a short piece of its own line. Vertices never move here, so this
 * cannot run away; what it leaves crossing, snap rounding fixes.
 */
function snapToVertices(net: RoadNetwork): void {
  const { points, pieces, kinds, sources } = net;
  const P = points.coords;
  const X = points.exact;
  const chunks = chunkIndex(net, DANGLE_SNAP);
  if (!chunks) return;
  const n = kinds.length;
  const degree = degrees(net);
  const ownPiece = new Int32Array(points.size).fill(-1);
  for (let i = 0; i < n; i++) {
    ownPiece[pieces[2 * i]!] = i;
    ownPiece[pieces[2 * i + 1]!] = i;
  }
  const seen = new Int32Array(n).fill(-1);
  const split: number[] = [];
  const bridges: number[] = []; // triples: dead end, vertex, piece it came from
  // The vertex under test, shared with the search callback.
  let v = 0;
  let vx = 0;
  let vy = 0;
  let ownOutline = false;
  let deadEnd = false;
  let farEnd = -1;
  let nearest = 0; // squared distance of the nearest line a dead end could join
  let target = -1; // the vertex it would join, or -1 for the middle of a piece
  const visit = (c: number): boolean => {
    const i = chunks.piece[c]!;
    if (seen[i] === v) return false;
    seen[i] = v;
    const a = pieces[2 * i]!;
    const b = pieces[2 * i + 1]!;
    const outline = kinds[i] === COMMUNITY_EDGE;
    if (v === a || v === b) return false;
    const ax = P[2 * a]!;
    const ay = P[2 * a + 1]!;
    const dx = P[2 * b]! - ax;
    const dy = P[2 * b + 1]! - ay;
    const px = vx - ax;
    const py = vy - ay;
    const dot = px * dx + py * dy;
    const len2 = dx * dx + dy * dy;
    if (dot <= 0 || dot >= len2) {
      // Beyond the piece's end: a dead end may be joined to that end by a short piece.
      const w = dot <= 0 ? a : b;
      if (!deadEnd || w === farEnd) return false;
      const d2 = (P[2 * w]! - vx) ** 2 + (P[2 * w + 1]! - vy) ** 2;
      if (d2 < nearest) {
        nearest = d2;
        target = w;
      }
      return false;
    }
    // The outline is not bent to its own points: only lines snap to it.
    if (outline && ownOutline) return false;
    const tol = outline ? (deadEnd ? DANGLE_SNAP : OUTLINE_SNAP) : BARRIER_SNAP;
    const cross = px * dy - py * dx;
    const d2 = (cross * cross) / len2;
    if (d2 > tol * tol) return false;
    split.push(i, v);
    if (d2 <= nearest) {
      nearest = d2;
      target = -1;
    }
    return false;
  };
  for (v = 0; v < points.size; v++) {
    vx = P[2 * v]!;
    vy = P[2 * v + 1]!;
    ownOutline = !Number.isNaN(X[2 * v]!);
    deadEnd = degree[v] === 1;
    const own = ownPiece[v]!;
    farEnd = deadEnd ? (pieces[2 * own] === v ? pieces[2 * own + 1]! : pieces[2 * own]!) : -1;
    nearest = DANGLE_SNAP * DANGLE_SNAP;
    target = -1;
    chunks.index.search(vx, vy, vx, vy, visit);
    if (deadEnd && target >= 0) bridges.push(v, target, own);
  }
  const bridgeKinds: number[] = [];
  for (let k = 0; k < bridges.length; k += 3)
    bridgeKinds.push(kinds[bridges[k + 2]!]!, sources[bridges[k + 2]!]!);
  if (split.length) applySplits(net, split);
  for (let k = 0; k < bridges.length; k += 3) {
    net.pieces.push(bridges[k]!, bridges[k + 1]!);
    net.kinds.push(bridgeKinds[(2 * k) / 3]!);
    net.sources.push(bridgeKinds[(2 * k) / 3 + 1]!);
  }
  if (bridges.length) dedupe(net, null);
}

/** Pieces are indexed in lengths of at most this (m), so long pieces do not make big boxes. */
const CHUNK = 20;

/** Boxes of every piece's parts of at most CHUNK metres, padded by `pad`, with their piece. */
function chunkIndex(net: RoadNetwork, pad: number): { index: GridIndex; piece: Int32Array } | null {
  const { pieces, kinds } = net;
  const P = net.points.coords;
  const n = kinds.length;
  const parts = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const a = pieces[2 * i]!;
    const b = pieces[2 * i + 1]!;
    parts[i] = Math.max(
      1,
      Math.ceil(Math.hypot(P[2 * b]! - P[2 * a]!, P[2 * b + 1]! - P[2 * a + 1]!) / CHUNK),
    );
    total += parts[i]!;
  }
  if (total === 0) return null;
  const index = new GridIndex(total, INDEX_CELL);
  const piece = new Int32Array(total);
  for (let i = 0; i < n; i++) {
    const a = pieces[2 * i]!;
    const b = pieces[2 * i + 1]!;
    const ax = P[2 * a]!;
    const ay = P[2 * a + 1]!;
    const dx = P[2 * b]! - ax;
    const dy = P[2 * b + 1]! - ay;
    const m = parts[i]!;
    for (let q = 0; q < m; q++) {
      const x0 = ax + (dx * q) / m;
      const y0 = ay + (dy * q) / m;
      const x1 = ax + (dx * (q + 1)) / m;
      const y1 = ay + (dy * (q + 1)) / m;
      piece[
        index.add(
          Math.min(x0, x1) - pad,
          Math.min(y0, y1) - pad,
          Math.max(x0, x1) + pad,
          Math.max(y0, y1) + pad,
        )
      ] = i;
    }
  }
  index.finish();
  return { index, piece };
}

/** Divides line pieces longer than `spacing` evenly, so that triangles along lines stay small. */
function densify(net: RoadNetwork, spacing: number): void {
  const { points } = net;
  const P = points.coords;
  const { pieces, kinds, sources } = net;
  const n = kinds.length;
  for (let i = 0; i < n; i++) {
    const a = pieces[2 * i]!;
    const b = pieces[2 * i + 1]!;
    const ax = P[2 * a]!;
    const ay = P[2 * a + 1]!;
    const dx = P[2 * b]! - ax;
    const dy = P[2 * b + 1]! - ay;
    const steps = Math.ceil(Math.hypot(dx, dy) / spacing);
    if (steps <= 1) continue;
    let prev = a;
    for (let q = 1; q < steps; q++) {
      const v = points.add(ax + (dx * q) / steps, ay + (dy * q) / steps);
      if (v === prev) continue;
      if (prev === a) pieces[2 * i + 1] = v;
      else {
        pieces.push(prev, v);
        kinds.push(kinds[i]!);
        sources.push(sources[i]!);
      }
      prev = v;
    }
    if (prev !== a) {
      pieces.push(prev, b);
      kinds.push(kinds[i]!);
      sources.push(sources[i]!);
    }
  }
  dedupe(net, null);
}

/** Half the grid step: a vertex's hot pixel is the square of this half-size around it. */
const HALF_PIXEL = 0.5 / CM;

/** Whether the segment a–b meets the closed square of half-size h around (cx, cy) (Liang–Barsky). */
function segmentMeetsPixel(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  h: number,
): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = bx - ax;
  const dy = by - ay;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  return (
    clip(-dx, ax - (cx - h)) && clip(dx, cx + h - ax) && clip(-dy, ay - (cy - h)) && clip(dy, cy + h - ay)
  );
}

/**
 * Snap rounding (Hobby; Guibas & Marimont): every vertex and every crossing point, rounded to the
 * centimetre grid, is a hot pixel, and every piece that passes through a hot pixel is routed
 * through its centre. Pieces then meet only at shared vertices. Rounding can make a piece touch
 * another pixel, so it repeats (iterated snap rounding) with only what changed, until nothing does.
 */
function snapRound(net: RoadNetwork): void {
  const { points } = net;
  let dirty: number[] = new Array<number>(net.kinds.length).fill(1);
  let newVertexFrom = 0;
  const split: number[] = []; // pairs: piece, vertex
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    net.rounds = round;
    const P = points.coords;
    const { pieces, kinds } = net;
    const n = kinds.length;
    const index = pieceIndex(net, 0);
    if (!index) return;
    split.length = 0;

    // Crossings of pieces, where one of them is new; each becomes a (rounded) vertex.
    for (let i = 0; i < n; i++) {
      if (!dirty[i]) continue;
      const a = pieces[2 * i]!;
      const b = pieces[2 * i + 1]!;
      const ax = P[2 * a]!;
      const ay = P[2 * a + 1]!;
      const bx = P[2 * b]!;
      const by = P[2 * b + 1]!;
      index.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by), (j) => {
        if (j === i || (dirty[j] && j < i)) return false;
        const c = pieces[2 * j]!;
        const d = pieces[2 * j + 1]!;
        if (c === a || c === b || d === a || d === b) return false;
        const cx = P[2 * c]!;
        const cy = P[2 * c + 1]!;
        const dx = P[2 * d]!;
        const dy = P[2 * d + 1]!;
        const o1 = orient2d(ax, ay, bx, by, cx, cy);
        const o2 = orient2d(ax, ay, bx, by, dx, dy);
        if (o1 === 0 || o2 === 0 || o1 > 0 === o2 > 0) return false;
        const o3 = orient2d(cx, cy, dx, dy, ax, ay);
        const o4 = orient2d(cx, cy, dx, dy, bx, by);
        if (o3 === 0 || o4 === 0 || o3 > 0 === o4 > 0) return false;
        // The signed distance of a→b from c–d falls linearly to zero at the crossing.
        const t = o3 / (o3 - o4);
        points.add(ax + (bx - ax) * t, ay + (by - ay) * t);
        return false;
      });
    }

    // Hot pixels: new pieces against every vertex, old pieces against new vertices.
    const nv = points.size;
    const vertexIndex = new GridIndex(nv, INDEX_CELL);
    for (let v = 0; v < nv; v++) vertexIndex.add(P[2 * v]!, P[2 * v + 1]!, P[2 * v]!, P[2 * v + 1]!);
    vertexIndex.finish();
    const h = HALF_PIXEL;
    for (let i = 0; i < n; i++) {
      const a = pieces[2 * i]!;
      const b = pieces[2 * i + 1]!;
      const ax = P[2 * a]!;
      const ay = P[2 * a + 1]!;
      const bx = P[2 * b]!;
      const by = P[2 * b + 1]!;
      const old = !dirty[i];
      vertexIndex.search(
        Math.min(ax, bx) - h,
        Math.min(ay, by) - h,
        Math.max(ax, bx) + h,
        Math.max(ay, by) + h,
        (v) => {
          if (v === a || v === b || (old && v < newVertexFrom)) return false;
          if (segmentMeetsPixel(ax, ay, bx, by, P[2 * v]!, P[2 * v + 1]!, h)) split.push(i, v);
          return false;
        },
      );
    }
    if (!split.length) return;
    newVertexFrom = nv;
    dirty = applySplits(net, split);
  }
}

/** Routes each split piece through its new vertices, in order along it; returns the new dirty flags. */
function applySplits(net: RoadNetwork, split: number[]): number[] {
  const { points, pieces, kinds, sources } = net;
  const P = points.coords;
  const X = points.exact;
  const n = kinds.length;
  const m = split.length / 2;
  const order = new Uint32Array(m);
  for (let s = 0; s < m; s++) order[s] = s;
  order.sort((p, q) => split[2 * p]! - split[2 * q]!);
  const outPieces: number[] = [];
  const outKinds: number[] = [];
  const outSources: number[] = [];
  const flags: number[] = [];
  const stops: { t: number; v: number }[] = [];
  let s = 0;
  for (let i = 0; i < n; i++) {
    const a = pieces[2 * i]!;
    const b = pieces[2 * i + 1]!;
    stops.length = 0;
    while (s < m && split[2 * order[s]!] === i) {
      stops.push({ t: 0, v: split[2 * order[s]! + 1]! });
      s++;
    }
    if (!stops.length) {
      outPieces.push(a, b);
      outKinds.push(kinds[i]!);
      outSources.push(sources[i]!);
      flags.push(0);
      continue;
    }
    const ax = P[2 * a]!;
    const ay = P[2 * a + 1]!;
    const dx = P[2 * b]! - ax;
    const dy = P[2 * b + 1]! - ay;
    const len2 = dx * dx + dy * dy;
    for (const stop of stops) stop.t = ((P[2 * stop.v]! - ax) * dx + (P[2 * stop.v + 1]! - ay) * dy) / len2;
    stops.sort((p, q) => p.t - q.t || p.v - q.v);
    if (kinds[i] === COMMUNITY_EDGE) {
      // A vertex put on the outline gets its exact place on the outline's own line.
      const ex = Number.isNaN(X[2 * a]!) ? ax : X[2 * a]!;
      const ey = Number.isNaN(X[2 * a]!) ? ay : X[2 * a + 1]!;
      const fx = Number.isNaN(X[2 * b]!) ? P[2 * b]! : X[2 * b]!;
      const fy = Number.isNaN(X[2 * b]!) ? P[2 * b + 1]! : X[2 * b + 1]!;
      for (const { v, t } of stops) points.setExact(v, ex + (fx - ex) * t, ey + (fy - ey) * t);
    }
    let prev = a;
    for (const { v } of stops) {
      if (v === prev) continue;
      outPieces.push(prev, v);
      outKinds.push(kinds[i]!);
      outSources.push(sources[i]!);
      flags.push(1);
      prev = v;
    }
    if (prev !== b) {
      outPieces.push(prev, b);
      outKinds.push(kinds[i]!);
      outSources.push(sources[i]!);
      flags.push(1);
    }
  }
  net.pieces = outPieces;
  net.kinds = outKinds;
  net.sources = outSources;
  return dedupe(net, flags)!;
}

/** Whether the rounded point (x, y) lies exactly inside piece k (not at its ends). */
function insidePiece(net: RoadNetwork, k: number, x: number, y: number): boolean {
  const P = net.points.coords;
  const a = net.pieces[2 * k]!;
  const b = net.pieces[2 * k + 1]!;
  const ax = P[2 * a]!;
  const ay = P[2 * a + 1]!;
  const bx = P[2 * b]!;
  const by = P[2 * b + 1]!;
  if ((x === ax && y === ay) || (x === bx && y === by)) return false;
  if (x < Math.min(ax, bx) || x > Math.max(ax, bx) || y < Math.min(ay, by) || y > Math.max(ay, by))
    return false;
  return orient2d(ax, ay, bx, by, x, y) === 0;
}

/** The piece whose interior holds the point exactly (as rounded to the grid), or -1. */
function pieceThrough(net: RoadNetwork, x: number, y: number): number {
  if (!net.index) {
    net.index = pieceIndex(net, 0);
    net.indexed = net.kinds.length;
  }
  const rx = Math.round(x * CM) / CM;
  const ry = Math.round(y * CM) / CM;
  let found = -1;
  net.index?.search(rx, ry, rx, ry, (k) => {
    if (found < 0 && insidePiece(net, k, rx, ry)) found = k;
    return false;
  });
  // Pieces split off after the index was built.
  for (let k = net.indexed; found < 0 && k < net.kinds.length; k++)
    if (insidePiece(net, k, rx, ry)) found = k;
  return found;
}

/**
 * Adds a point that is not part of the network (a building's seed). A piece running exactly through
 * it is split there, since the triangulation cannot run a constraint through a point.
 */
export function addPointOnNetwork(net: RoadNetwork, x: number, y: number): number {
  const before = net.points.size;
  const v = net.points.add(x, y);
  if (v < before) return v;
  const k = pieceThrough(net, x, y);
  if (k >= 0) {
    // The piece keeps its slot (its indexed box still covers the first half).
    const b = net.pieces[2 * k + 1]!;
    net.pieces[2 * k + 1] = v;
    net.pieces.push(v, b);
    net.kinds.push(net.kinds[k]!);
    net.sources.push(net.sources[k]!);
  }
  return v;
}

/** Whether (x, y), rounded to the grid, lies exactly inside a piece: no place for a Steiner point. */
export function onNetwork(net: RoadNetwork, x: number, y: number): boolean {
  return pieceThrough(net, x, y) >= 0;
}
