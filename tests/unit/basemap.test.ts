import { describe, expect, it } from 'vitest';
import { BASEMAP_PREFIX, basemapKind, basemapParts, checkBasemapUrl } from '../../src/services/basemap';

describe('basemap URL from the settings', () => {
  it('tells raster tiles from a style, and says what is wrong with anything else', () => {
    expect(checkBasemapUrl('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toEqual({
      ok: true,
      kind: 'raster',
    });
    expect(
      checkBasemapUrl('http://t{s}.tianditu.gov.cn/vec_w/wmts?T=vec_w&x={x}&y={y}&l={z}&tk=KEY'),
    ).toEqual({ ok: true, kind: 'raster' });
    expect(checkBasemapUrl('https://tiles.example.cn/{quadkey}.jpeg')).toEqual({ ok: true, kind: 'raster' });
    expect(checkBasemapUrl('https://gis.intranet/styles/basic/style.json?key=1')).toEqual({
      ok: true,
      kind: 'style',
    });
    expect(checkBasemapUrl('https://api.maptiler.com/maps/streets/style.json')).toMatchObject({
      kind: 'style',
    });
    expect(checkBasemapUrl('https://gis.intranet/tiles/{z}/{x}/{y}.pbf')).toEqual({
      ok: false,
      problem: 'vector-tiles',
    });
    expect(checkBasemapUrl('tile.openstreetmap.org/{z}/{x}/{y}.png')).toEqual({
      ok: false,
      problem: 'scheme',
    });
    expect(checkBasemapUrl('https://example.com/map.html')).toEqual({ ok: false, problem: 'template' });
    expect(basemapKind(null)).toBeNull();
    expect(basemapKind('https://example.com/map.html')).toBeNull();
    expect(basemapKind('https://a/{z}/{x}/{y}.png')).toBe('raster');
  });
});

describe('style basemap parts', () => {
  const style = {
    version: 8,
    glyphs: '../fonts/{fontstack}/{range}.pbf',
    sprite: 'sprites/basic',
    sources: {
      roads: { type: 'vector', url: 'tiles.json' },
      water: { type: 'vector', tiles: ['https://cdn.example/{z}/{x}/{y}.pbf', '/t/{z}/{x}/{y}.pbf'] },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eee' } },
      { id: 'roads', type: 'line', source: 'roads', 'source-layer': 'transportation' },
      { id: 'names', type: 'symbol', source: 'roads', layout: { 'text-font': ['Noto Sans Regular'] } },
    ],
  };

  it('renames every source and layer, resolves URLs against the style, and picks its label font', () => {
    const p = basemapParts(style, 'https://gis.intranet/styles/basic/style.json');
    expect(Object.keys(p.sources)).toEqual([`${BASEMAP_PREFIX}roads`, `${BASEMAP_PREFIX}water`]);
    expect(p.sources[`${BASEMAP_PREFIX}roads`]).toMatchObject({
      url: 'https://gis.intranet/styles/basic/tiles.json',
    });
    expect(p.sources[`${BASEMAP_PREFIX}water`]).toMatchObject({
      tiles: ['https://cdn.example/{z}/{x}/{y}.pbf', 'https://gis.intranet/t/{z}/{x}/{y}.pbf'],
    });
    expect(p.layers.map((l) => l.id)).toEqual([
      `${BASEMAP_PREFIX}background`,
      `${BASEMAP_PREFIX}roads`,
      `${BASEMAP_PREFIX}names`,
    ]);
    // A project layer named like a basemap layer ('roads') can no longer clash with it.
    expect(p.layers[1]).toMatchObject({ source: `${BASEMAP_PREFIX}roads`, 'source-layer': 'transportation' });
    expect(p.glyphs).toBe('https://gis.intranet/styles/fonts/{fontstack}/{range}.pbf');
    expect(p.sprite).toBe('https://gis.intranet/styles/basic/sprites/basic');
    expect(p.font).toEqual(['Noto Sans Regular']);
    // The style itself is left as it was.
    expect(style.layers[1]!.id).toBe('roads');
  });

  it('refuses JSON that is not a style', () => {
    expect(() => basemapParts({ type: 'FeatureCollection', features: [] }, 'https://a/s.json')).toThrow(
      /not a MapLibre style/,
    );
    expect(() => basemapParts(null, 'https://a/s.json')).toThrow(/not a MapLibre style/);
  });
});
