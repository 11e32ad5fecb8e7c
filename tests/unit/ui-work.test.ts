/** Helpers that keep the page's main-thread tasks short: sliced blobs, cached labels. */
import { describe, expect, it } from 'vitest';
import { TouchGraphBuilder, touchGraph } from '../../src/services/colors';
import { labelPoint } from '../../src/services/geometry';
import { textBlob } from '../../src/services/persist';
import { square } from './squares';

describe('sliced text blob', () => {
  it('keeps the text, also where a slice would split a surrogate pair', async () => {
    const text = `${'a'.repeat(9)}😀${'名'.repeat(7)}😀b`;
    for (const chunk of [1, 2, 3, 10, 11, 100]) {
      const blob = await textBlob(text, chunk);
      expect(await blob.text()).toBe(text);
    }
  });
});

describe('touch graph built a unit at a time', () => {
  it('equals the graph built at once', () => {
    const polys = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) polys.push([square(i * 1e-3, j * 1e-3)]);
    const b = new TouchGraphBuilder();
    for (const p of polys) b.add(p);
    expect(b.graph().map((s) => [...s].sort())).toEqual(touchGraph(polys).map((s) => [...s].sort()));
  });
});

describe('label point', () => {
  it('is remembered per polygons array and returned as a fresh pair', () => {
    const polygons = [
      [
        [
          [0, 0],
          [4, 0],
          [4, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    ];
    const a = labelPoint(polygons);
    a[0] = 99;
    const b = labelPoint(polygons);
    expect(b[0]).toBeGreaterThan(0);
    expect(b[0]).toBeLessThan(4);
    expect(b[1]).toBeGreaterThan(0);
    expect(b[1]).toBeLessThan(2);
  });
});
