/**
 * The graph exchange format (pure: text/objects in, objects out; no fs):
 *   {"nodes": [{"id": string|number, "households": number, "x": lon, "y": lat, "buildings": [ids]}],
 *    "edges": [{"u": id, "v": id, "length": number}]}
 * `u`/`v` refer to node ids (matched as text: 1 and "1" are the same id), `length` is the cost of
 * cutting the edge. x/y and buildings are optional.
 */
import { buildGraph, type UnitGraph } from '../graph/csr';

export type NodeId = string | number;

export interface GraphJsonNode {
  id: NodeId;
  households: number;
  x?: number;
  y?: number;
  buildings?: NodeId[];
}

export interface GraphJsonEdge {
  u: NodeId;
  v: NodeId;
  length: number;
}

export interface GraphJson {
  nodes: GraphJsonNode[];
  edges: GraphJsonEdge[];
}

export interface ParsedGraph {
  graph: UnitGraph;
  /** Node id of each graph node (index = graph node). */
  ids: NodeId[];
  /** lon, lat per node (NaN where the node had no x/y). */
  lonLat: Float64Array;
  /** Building ids per node (empty where absent). */
  buildings: NodeId[][];
}

/** Raised for malformed input; the message says what is wrong and where (e.g. `edges[3].u`). */
export class GraphJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphJsonError';
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function show(x: unknown): string {
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function isId(x: unknown): x is NodeId {
  return (typeof x === 'string' && x.length > 0) || (typeof x === 'number' && Number.isFinite(x));
}

/** Parses graph JSON text; throws GraphJsonError with a message naming the offending entry. */
export function parseGraphJson(text: string): ParsedGraph {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new GraphJsonError(`invalid JSON: ${(error as Error).message}`);
  }
  return graphFromJson(doc);
}

/** Same as parseGraphJson for an already parsed value. */
export function graphFromJson(doc: unknown): ParsedGraph {
  if (!isRecord(doc))
    throw new GraphJsonError('graph JSON must be an object with "nodes" and "edges" arrays');
  if (!Array.isArray(doc.nodes)) throw new GraphJsonError('missing "nodes" array');
  if (!Array.isArray(doc.edges)) throw new GraphJsonError('missing "edges" array');
  const nodes: unknown[] = doc.nodes;
  const edges: unknown[] = doc.edges;
  const n = nodes.length;
  const ids: NodeId[] = new Array(n);
  // Ids are matched by their text (1 and "1" are the same node), as in the answer file's keys.
  const index = new Map<string, number>();
  const households = new Float64Array(n);
  const lonLat = new Float64Array(2 * n);
  const buildings: NodeId[][] = new Array(n);
  const noBuildings: NodeId[] = [];
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    // Messages are built only on failure: this loop runs once per node of graphs of 50k nodes.
    if (!isRecord(node)) throw new GraphJsonError(`nodes[${i}] must be an object, got ${show(node)}`);
    const id = node.id;
    if (!isId(id))
      throw new GraphJsonError(`nodes[${i}].id must be a non-empty string or a number, got ${show(id)}`);
    const key = typeof id === 'string' ? id : String(id);
    const first = index.get(key);
    if (first !== undefined) {
      throw new GraphJsonError(`duplicate node id ${show(id)} at nodes[${i}] (first at nodes[${first}])`);
    }
    index.set(key, i);
    ids[i] = id;
    const h = node.households;
    if (typeof h !== 'number' || !Number.isFinite(h) || h < 0) {
      throw new GraphJsonError(`nodes[${i}].households must be a non-negative number, got ${show(h)}`);
    }
    households[i] = h;
    const x = node.x;
    const y = node.y;
    if (x !== undefined && (typeof x !== 'number' || !Number.isFinite(x)))
      throw new GraphJsonError(`nodes[${i}].x must be a number, got ${show(x)}`);
    if (y !== undefined && (typeof y !== 'number' || !Number.isFinite(y)))
      throw new GraphJsonError(`nodes[${i}].y must be a number, got ${show(y)}`);
    lonLat[2 * i] = x === undefined ? Number.NaN : x;
    lonLat[2 * i + 1] = y === undefined ? Number.NaN : y;
    const b = node.buildings;
    if (b === undefined) buildings[i] = noBuildings;
    else if (!Array.isArray(b) || !b.every(isId)) {
      throw new GraphJsonError(`nodes[${i}].buildings must be an array of ids, got ${show(b)}`);
    } else buildings[i] = b;
  }
  const m = edges.length;
  const u = new Uint32Array(m);
  const v = new Uint32Array(m);
  const cost = new Float64Array(m);
  const endpoint = (edge: Record<string, unknown>, i: number, key: 'u' | 'v'): number => {
    const id = edge[key];
    const j = typeof id === 'string' ? index.get(id) : isId(id) ? index.get(String(id)) : undefined;
    if (j === undefined)
      throw new GraphJsonError(`edges[${i}].${key} references unknown node id ${show(id)}`);
    return j;
  };
  for (let i = 0; i < m; i++) {
    const edge = edges[i];
    if (!isRecord(edge)) throw new GraphJsonError(`edges[${i}] must be an object, got ${show(edge)}`);
    u[i] = endpoint(edge, i, 'u');
    v[i] = endpoint(edge, i, 'v');
    const length = edge.length;
    if (typeof length !== 'number' || !Number.isFinite(length) || length < 0) {
      throw new GraphJsonError(`edges[${i}].length must be a non-negative number, got ${show(length)}`);
    }
    cost[i] = length;
  }
  return { graph: buildGraph(households, { u, v, cost }), ids, lonLat, buildings };
}

/**
 * Builds the exchange object for a graph (each undirected edge once, `length` = its cost). Ids default
 * to node indices; lonLat (lon, lat per node; NaN = absent) and buildings are optional.
 */
export function toGraphJson(
  graph: UnitGraph,
  ids?: readonly NodeId[],
  lonLat?: Float64Array,
  buildings?: readonly NodeId[][],
): GraphJson {
  const id = (v: number): NodeId => (ids ? ids[v]! : v);
  const nodes: GraphJsonNode[] = [];
  for (let v = 0; v < graph.n; v++) {
    const node: GraphJsonNode = { id: id(v), households: graph.households[v]! };
    if (lonLat && Number.isFinite(lonLat[2 * v]) && Number.isFinite(lonLat[2 * v + 1])) {
      node.x = lonLat[2 * v]!;
      node.y = lonLat[2 * v + 1]!;
    }
    if (buildings?.[v]?.length) node.buildings = [...buildings[v]!];
    nodes.push(node);
  }
  const edges: GraphJsonEdge[] = [];
  for (let v = 0; v < graph.n; v++) {
    for (let e = graph.offsets[v]!; e < graph.offsets[v + 1]!; e++) {
      const w = graph.targets[e]!;
      if (w > v) edges.push({ u: id(v), v: id(w), length: graph.costs[e]! });
    }
  }
  return { nodes, edges };
}

/** Mean Earth radius (m) of the local projection. */
const EARTH_RADIUS = 6_371_008.8;

/**
 * lon/lat (degrees) to metres with a local equirectangular projection around the mean position:
 * x = R·Δlon·cos(lat0), y = R·Δlat. Accurate to well under 1% across a district (a few km).
 * Returns null when any node lacks coordinates.
 */
export function projectLonLat(lonLat: Float64Array): Float64Array | null {
  const n = lonLat.length / 2;
  if (n === 0) return new Float64Array(0);
  let lon0 = 0;
  let lat0 = 0;
  for (let i = 0; i < n; i++) {
    const lon = lonLat[2 * i]!;
    const lat = lonLat[2 * i + 1]!;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
    lon0 += lon;
    lat0 += lat;
  }
  lon0 /= n;
  lat0 /= n;
  const rad = Math.PI / 180;
  const kx = EARTH_RADIUS * rad * Math.cos(lat0 * rad);
  const ky = EARTH_RADIUS * rad;
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = (lonLat[2 * i]! - lon0) * kx;
    out[2 * i + 1] = (lonLat[2 * i + 1]! - lat0) * ky;
  }
  return out;
}

/** The CLI's answer file: {"<node id>": part, ...}. */
export function assignmentToJson(
  ids: readonly NodeId[],
  assignment: ArrayLike<number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (let v = 0; v < ids.length; v++) out[String(ids[v])] = assignment[v]!;
  return out;
}
