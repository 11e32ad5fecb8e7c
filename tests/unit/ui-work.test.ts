/** Helpers that keep the page's main-thread tasks short: batched lists, sliced blobs, cached labels. */
import { describe, expect, it } from 'vitest';
import { TouchGraphBuilder, touchGraph } from '../../src/services/colors';
import { labelPoint } from '../../src/services/geometry';
import { textBlob } from '../../src/services/persist';
import { itemsToRender } from '../../src/ui/hooks';
import { square } from './squares';

describe('batched lists', () => {
  const ids = Array.from({ length: 100 }, (_, i) => `u${i}`);
  it('adds at most a batch of new items, keeping those on the page', () => {
    expect(itemsToRender(ids, new Set(), 25)).toBe(25);
    expect(itemsToRender(ids, new Set(ids.slice(0, 25)), 25)).toBe(50);
    expect(itemsToRender(ids, new Set(ids), 25)).toBe(100);
    // An edit that replaces a few items: all of them at once.
    const onPage = new Set(ids);
    onPage.delete('u3');
    onPage.delete('u70');
    expect(itemsToRender(ids, onPage, 25)).toBe(100);
    // Items on the page after the cut are still counted as on the page.
    expect(itemsToRender(ids, new Set(ids.slice(50)), 10)).toBe(10);
    expect(itemsToRender([], new Set(), 25)).toBe(0);
  });
});

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
