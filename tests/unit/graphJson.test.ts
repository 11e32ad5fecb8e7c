import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/core/graph/csr';
import {
  assignmentToJson,
  GraphJsonError,
  parseGraphJson,
  projectLonLat,
  toGraphJson,
} from '../../src/core/io/graphJson';

const sample = {
  nodes: [
    { id: 'a', households: 120, x: 116.4, y: 39.9, buildings: ['b1', 'b2'] },
    { id: 'b', households: 0, x: 116.401, y: 39.9 },
    { id: 7, households: 35.5, x: 116.4, y: 39.901 },
  ],
  edges: [
    { u: 'a', v: 'b', length: 40 },
    { u: 'b', v: 7, length: 12.5 },
  ],
};

function errorOf(doc: unknown): string {
  try {
    parseGraphJson(typeof doc === 'string' ? doc : JSON.stringify(doc));
  } catch (error) {
    expect(error).toBeInstanceOf(GraphJsonError);
    return (error as Error).message;
  }
  throw new Error('expected a GraphJsonError');
}

describe('parseGraphJson', () => {
  it('reads nodes, edges, ids, coordinates and buildings', () => {
    const { graph, ids, lonLat, buildings } = parseGraphJson(JSON.stringify(sample));
    expect(graph.n).toBe(3);
    expect(Array.from(graph.households)).toEqual([120, 0, 35.5]);
    expect(ids).toEqual(['a', 'b', 7]);
    expect(Array.from(lonLat)).toEqual([116.4, 39.9, 116.401, 39.9, 116.4, 39.901]);
    expect(buildings).toEqual([['b1', 'b2'], [], []]);
    // Node 1 ('b') is adjacent to 0 at cost 40 and to 2 at cost 12.5.
    const nb = new Map<number, number>();
    for (let e = graph.offsets[1]!; e < graph.offsets[2]!; e++) nb.set(graph.targets[e]!, graph.costs[e]!);
    expect(nb).toEqual(
      new Map([
        [0, 40],
        [2, 12.5],
      ]),
    );
  });

  it('round-trips through toGraphJson', () => {
    const parsed = parseGraphJson(JSON.stringify(sample));
    const again = parseGraphJson(
      JSON.stringify(toGraphJson(parsed.graph, parsed.ids, parsed.lonLat, parsed.buildings)),
    );
    expect(again.ids).toEqual(parsed.ids);
    expect(Array.from(again.graph.households)).toEqual(Array.from(parsed.graph.households));
    expect(Array.from(again.graph.offsets)).toEqual(Array.from(parsed.graph.offsets));
    expect(Array.from(again.graph.targets)).toEqual(Array.from(parsed.graph.targets));
    expect(Array.from(again.graph.costs)).toEqual(Array.from(parsed.graph.costs));
    expect(Array.from(again.lonLat)).toEqual(Array.from(parsed.lonLat));
    expect(again.buildings).toEqual(parsed.buildings);
  });

  it('writes every undirected edge once, with node indices as ids by default', () => {
    const g = buildGraph([1, 2, 3], { u: [0, 1, 0], v: [1, 2, 2], cost: [1, 2, 3] });
    const doc = toGraphJson(g);
    expect(doc.nodes.map((n) => n.id)).toEqual([0, 1, 2]);
    expect(doc.edges).toHaveLength(3);
    expect(doc.nodes[0]).toEqual({ id: 0, households: 1 });
  });

  it('accepts nodes without coordinates and marks them NaN', () => {
    const { lonLat } = parseGraphJson(JSON.stringify({ nodes: [{ id: 1, households: 5 }], edges: [] }));
    expect(Number.isNaN(lonLat[0])).toBe(true);
  });

  it('explains invalid JSON', () => {
    expect(errorOf('{"nodes": [')).toMatch(/^invalid JSON/);
  });

  it('explains a missing nodes array', () => {
    expect(errorOf({ edges: [] })).toBe('missing "nodes" array');
    expect(errorOf([])).toMatch(/must be an object/);
  });

  it('explains a missing edges array', () => {
    expect(errorOf({ nodes: [] })).toBe('missing "edges" array');
  });

  it('names the edge that references an unknown node id', () => {
    const doc = structuredClone(sample);
    doc.edges.push({ u: 'a', v: 'zz', length: 1 });
    expect(errorOf(doc)).toBe('edges[2].v references unknown node id "zz"');
  });

  it('names the node with negative or non-numeric households', () => {
    const neg = structuredClone(sample) as { nodes: { households: unknown }[] };
    neg.nodes[1]!.households = -3;
    expect(errorOf(neg)).toBe('nodes[1].households must be a non-negative number, got -3');
    const text = structuredClone(sample) as { nodes: { households: unknown }[] };
    text.nodes[2]!.households = 'many';
    expect(errorOf(text)).toBe('nodes[2].households must be a non-negative number, got "many"');
  });

  it('names duplicate node ids, also when one is written as a number and one as text', () => {
    const dup = structuredClone(sample);
    dup.nodes.push({ id: 'a', households: 1, x: 0, y: 0 });
    expect(errorOf(dup)).toBe('duplicate node id "a" at nodes[3] (first at nodes[0])');
    const mixed = structuredClone(sample);
    mixed.nodes.push({ id: '7', households: 1, x: 0, y: 0 });
    expect(errorOf(mixed)).toBe('duplicate node id "7" at nodes[3] (first at nodes[2])');
  });

  it('names negative edge lengths and bad coordinates', () => {
    const edge = structuredClone(sample);
    edge.edges[0]!.length = -1;
    expect(errorOf(edge)).toBe('edges[0].length must be a non-negative number, got -1');
    const coord = structuredClone(sample) as { nodes: { x: unknown }[] };
    coord.nodes[0]!.x = 'east';
    expect(errorOf(coord)).toBe('nodes[0].x must be a number, got "east"');
  });
});

describe('projectLonLat', () => {
  it('projects to metres around the mean position', () => {
    // Two points 0.001° of latitude apart: ≈ 111.2 m, centred on their midpoint.
    const xy = projectLonLat(Float64Array.from([116.4, 39.9, 116.4, 39.901]))!;
    expect(xy[0]).toBeCloseTo(0, 9);
    expect(xy[1]! + xy[3]!).toBeCloseTo(0, 9);
    expect(xy[3]! - xy[1]!).toBeCloseTo(111.195, 2);
  });

  it('shrinks longitude by the cosine of the latitude', () => {
    const xy = projectLonLat(Float64Array.from([116.4, 60, 116.401, 60]))!;
    expect(xy[2]! - xy[0]!).toBeCloseTo(111.195 * 0.5, 2);
  });

  it('returns null when a node has no coordinates', () => {
    expect(projectLonLat(Float64Array.from([116.4, 39.9, Number.NaN, Number.NaN]))).toBeNull();
  });
});

describe('assignmentToJson', () => {
  it('maps node ids to parts', () => {
    expect(assignmentToJson(['a', 7], [0, 1])).toEqual({ a: 0, '7': 1 });
  });
});
