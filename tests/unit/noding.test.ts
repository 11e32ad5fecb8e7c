import { describe, expect, it } from 'vitest';
import { COMMUNITY_EDGE } from '../../src/core/plan/barriers';
import { nodeNetwork, PointSet, type RoadNetwork } from '../../src/core/plan/noding';

const ROAD = 6;
const line = (...xy: number[]) => ({ coords: Float64Array.from(xy), kind: ROAD });

/** Cleans lines with no outline and no division of long pieces. */
const clean = (...lines: { coords: Float64Array; kind: number }[]) =>
  nodeNetwork({ rings: [], lines, spacing: 1000, margin: 0 });

/** Pieces as sorted "x,y x,y" strings (each piece's ends in sorted order), to compare as sets. */
function pieceSet(net: RoadNetwork): string[] {
  const P = net.points.coords;
  const at = (v: number) => `${P[2 * v]},${P[2 * v + 1]}`;
  const out: string[] = [];
  for (let i = 0; i < net.kinds.length; i++) {
    const ends = [at(net.pieces[2 * i]!), at(net.pieces[2 * i + 1]!)].sort();
    out.push(ends.join(' '));
  }
  return out.sort();
}

const expected = (...pieces: [number, number, number, number][]) =>
  pieces.map(([ax, ay, bx, by]) => [`${ax},${ay}`, `${bx},${by}`].sort().join(' ')).sort();

describe('nodeNetwork: cleaning road lines into pieces between shared vertices', () => {
  it('splits two crossing roads at their crossing point', () => {
    const net = clean(line(0, 0, 10, 10), line(0, 10, 10, 0));
    expect(pieceSet(net)).toEqual(expected([0, 0, 5, 5], [5, 5, 10, 10], [0, 10, 5, 5], [5, 5, 10, 0]));
  });

  it('puts a crossing that is not on the centimetre grid on the nearest grid point, for both roads', () => {
    // y = x/10 meets x = 2.95 + (y + 5)/150 at x = 2.98532…, y = 0.298532… → (2.99, 0.30).
    const net = clean(line(0, 0, 10, 1), line(2.95, -5, 3.05, 10));
    expect(pieceSet(net)).toEqual(
      expected([0, 0, 2.99, 0.3], [2.99, 0.3, 10, 1], [2.95, -5, 2.99, 0.3], [2.99, 0.3, 3.05, 10]),
    );
  });

  it('joins a T-junction that stops 20 cm short of the road (the road is put through its end)', () => {
    const net = clean(line(0, 0, 10, 0), line(5, 5, 5, 0.2));
    expect(pieceSet(net)).toEqual(expected([0, 0, 5, 0.2], [5, 0.2, 10, 0], [5, 0.2, 5, 5]));
  });

  it('joins a T-junction whose end lies exactly on the road', () => {
    const net = clean(line(0, 0, 10, 0), line(4, 0, 4, -6));
    expect(pieceSet(net)).toEqual(expected([0, 0, 4, 0], [4, 0, 10, 0], [4, -6, 4, 0]));
  });

  it('nodes collinear overlapping roads and keeps the shared part once, with the lower kind', () => {
    const net = nodeNetwork({
      rings: [],
      lines: [line(0, 0, 10, 0), { coords: Float64Array.from([4, 0, 14, 0]), kind: 3 }],
      spacing: 1000,
      margin: 0,
    });
    expect(pieceSet(net)).toEqual(expected([0, 0, 4, 0], [4, 0, 10, 0], [10, 0, 14, 0]));
    const P = net.points.coords;
    const kindOf = (x0: number, x1: number) =>
      net.kinds[
        net.kinds.findIndex((_, i) => {
          const xs = [P[2 * net.pieces[2 * i]!]!, P[2 * net.pieces[2 * i + 1]!]!].sort((a, b) => a - b);
          return xs[0] === x0 && xs[1] === x1;
        })
      ];
    expect([kindOf(0, 4), kindOf(4, 10), kindOf(10, 14)]).toEqual([ROAD, 3, 3]);
    // Each piece remembers the line it came from.
    expect(net.sources.slice().sort()).toEqual([0, 1, 1]);
  });

  it('merges a near-duplicate line (10–30 cm off) into the road it copies', () => {
    // The copy's ends fall within 0.5 m of the road's ends and merge into them; its middle vertex
    // (30 cm off) takes the road through it.
    const net = clean(line(0, 0, 20, 0), line(0, 0.1, 10, 0.3, 20, 0.1));
    expect(pieceSet(net)).toEqual(expected([0, 0, 10, 0.3], [10, 0.3, 20, 0]));
  });

  it('splits a line that runs exactly through another line’s vertex at that vertex', () => {
    const net = clean(line(0, 0, 5, 5, 10, 0), line(5, 0, 5, 10));
    expect(pieceSet(net)).toEqual(expected([0, 0, 5, 5], [5, 5, 10, 0], [5, 0, 5, 5], [5, 5, 5, 10]));
  });

  it('routes a line passing 5 mm from another line’s vertex through that vertex', () => {
    // x = 4.9 + 0.021 y passes (5.005, 5): without the vertex the two lines would cross twice.
    const net = clean(line(0, 0, 5, 5, 10, 0), line(4.9, 0, 5.11, 10));
    expect(pieceSet(net)).toEqual(expected([0, 0, 5, 5], [5, 5, 10, 0], [4.9, 0, 5, 5], [5, 5, 5.11, 10]));
  });

  it('puts a road end 10 cm outside the outline on the outline, keeping the outline’s exact line', () => {
    const square = Float64Array.from([0, 0, 100, 0, 100, 100, 0, 100]);
    const net = nodeNetwork({ rings: [square], lines: [line(50, -0.1, 50, 50)], spacing: 1000, margin: 10 });
    expect(pieceSet(net)).toEqual(
      expected(
        [0, 0, 50, -0.1],
        [50, -0.1, 100, 0],
        [100, 0, 100, 100],
        [100, 100, 0, 100],
        [0, 100, 0, 0],
        [50, -0.1, 50, 50],
      ),
    );
    const P = net.points.coords;
    const v = Array.from({ length: net.points.size }, (_, i) => i).find(
      (i) => P[2 * i] === 50 && P[2 * i + 1] === -0.1,
    )!;
    expect([net.points.exact[2 * v], net.points.exact[2 * v + 1]]).toEqual([50, 0]);
    const outline = net.kinds.filter((k) => k === COMMUNITY_EDGE).length;
    expect(outline).toBe(5);
  });
  it('joins a dead end 36 cm past the outline’s corner to the corner by a short piece', () => {
    const square = Float64Array.from([0, 0, 100, 0, 100, 100, 0, 100]);
    const net = nodeNetwork({
      rings: [square],
      lines: [line(100.2, 100.3, 150, 150)],
      spacing: 1000,
      margin: 100,
    });
    expect(pieceSet(net)).toEqual(
      expected(
        [0, 0, 100, 0],
        [100, 0, 100, 100],
        [100, 100, 0, 100],
        [0, 100, 0, 0],
        [100.2, 100.3, 150, 150],
        [100, 100, 100.2, 100.3],
      ),
    );
    // The joining piece is the road's, not the outline's.
    expect(net.kinds.filter((k) => k === ROAD).length).toBe(2);
  });

  it('leaves out lines outside the community and further than the margin from its outline', () => {
    // An L: the square's top-right quarter (x, y > 40) is outside it, though inside its bounding box.
    const ell = Float64Array.from([0, 0, 100, 0, 100, 40, 40, 40, 40, 100, 0, 100]);
    const net = nodeNetwork({
      rings: [ell],
      // Inside; outside, 5 m from the outline; outside, 30 m from it (left out); crossing in.
      lines: [line(10, 10, 20, 20), line(45, 60, 45, 90), line(70, 70, 90, 90), line(80, 80, 80, 20)],
      spacing: 1000,
      margin: 10,
    });
    expect([...new Set(net.sources)].sort()).toEqual([-1, 0, 1, 3]);
  });

  it('keeps every vertex of a finely drawn outline, even one 13 cm from its neighbours’ line', () => {
    // From a real boundary (Punggol): the outline is never bent to its own points.
    const ring = Float64Array.from([0, 0, 0.61, -0.56, 0.69, -0.46, 5, 5, 0, 5]);
    const net = nodeNetwork({ rings: [ring], lines: [], spacing: 1000, margin: 10 });
    expect(pieceSet(net)).toEqual(
      expected(
        [0, 0, 0.61, -0.56],
        [0.61, -0.56, 0.69, -0.46],
        [0.69, -0.46, 5, 5],
        [5, 5, 0, 5],
        [0, 5, 0, 0],
      ),
    );
  });
});

describe('PointSet', () => {
  it('keeps points one centimetre apart as two points, anywhere within 300 km', () => {
    const points = new PointSet();
    for (const [x, y] of [
      [1.61, 14.4],
      [1.61, 14.39],
      [-299_999.99, 299_999.99],
      [-299_999.99, 299_999.98],
      [299_999.98, -299_999.99],
    ] as const)
      points.add(x, y);
    expect(points.size).toBe(5);
    expect(points.add(1.6086, 14.389)).toBe(1);
  });
});
