/**
 * The app's import path on bad files, in Node: the same describeLayer/buildImport the import worker
 * runs on a dropped file (readAny → guesses → conversion → field mapping → engine reader → report).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { readAny } from '../../src/core/io/formats/readers';
import { issueText } from '../../src/i18n';
import type { BuildResult, LayerConfig, LayerInfo } from '../../src/services/importTypes';
import { buildImport, describeLayer, type ImportLayer } from '../../workers/importCore';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'bad-input');

async function load(names: string[]): Promise<{ layer: ImportLayer; info: LayerInfo }[]> {
  return Promise.all(
    names.map(async (name, i) => {
      const parsed = await readAny(
        name,
        new Uint8Array(readFileSync(join(DIR, name))),
        new DOMParser() as never,
      );
      const layer = { name, parsed };
      return { layer, info: describeLayer(i + 1, layer, {}) };
    }),
  );
}

function build(
  loaded: { layer: ImportLayer; info: LayerInfo }[],
  patch: Partial<LayerConfig>[] = [],
): BuildResult {
  return buildImport(
    loaded.map(({ layer, info }, i) => ({
      layer,
      config: {
        id: info.id,
        role: info.role,
        crs: info.crs.crs ?? 'EPSG:4326',
        mapping: info.mapping,
        ...patch[i],
      },
    })),
  );
}

const codes = (r: BuildResult) => r.issues.map((i) => i.code);

describe('the import on bad files', () => {
  it('a null entry in features: guessed, built and reported like the command line, never a raw TypeError', async () => {
    const loaded = await load(['null-feature.geojson', 'communities.geojson']);
    expect(loaded.map((l) => l.info.role)).toEqual(['buildings', 'communities']);
    expect(loaded[0]!.info.kinds).toEqual({ points: 2, lines: 0, polygons: 0, none: 1 });
    const r = build(loaded);
    expect(codes(r)).toEqual(['FEATURE_NOT_OBJECT']);
    const i = r.issues[0]!;
    expect(i).toMatchObject({
      file: 'null-feature.geojson',
      feature: '#1',
      field: 'features[1]',
      severity: 'error',
    });
    expect(issueText('zh-CN', i)).toBe(
      'null-feature.geojson 要素 #1（字段 features[1]）：该项为 null，不是 GeoJSON 要素，未使用',
    );
    expect(r.summary).toMatchObject({ buildings: 2, households: 200, communities: 2 });
    expect(r.fatal).toBe(false);
  });

  it('a file that is JSON but not GeoJSON (null, a number) is refused saying so', async () => {
    for (const text of ['null', '42', '[]'])
      await expect(readAny('x.geojson', new TextEncoder().encode(text))).rejects.toThrow(
        'not a GeoJSON FeatureCollection',
      );
  });

  it('a geometry that is a string or a number is named, not a crash', async () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'G1', households: 10 }, geometry: 'POINT (121.402 31.202)' },
        { type: 'Feature', properties: { id: 'G2', households: 10 }, geometry: 7 },
        {
          type: 'Feature',
          properties: { id: 'G3', households: 10 },
          geometry: { type: 'Point', coordinates: [121.403, 31.203] },
        },
      ],
    });
    const parsed = await readAny('g.geojson', new TextEncoder().encode(text));
    const layer = { name: 'g.geojson', parsed };
    const loaded = [{ layer, info: describeLayer(1, layer, {}) }, ...(await load(['communities.geojson']))];
    expect(loaded[0]!.info.kinds).toEqual({ points: 1, lines: 0, polygons: 0, none: 2 });
    const r = build(loaded);
    expect(r.issues.map((i) => [i.code, i.file, i.feature, i.field])).toEqual([
      ['GEOMETRY_INVALID', 'g.geojson', 'G1', 'geometry'],
      ['GEOMETRY_INVALID', 'g.geojson', 'G2', 'geometry'],
    ]);
    expect(r.summary.buildings).toBe(1);
  });

  it('properties that are a string, number or array reach the report by feature and field', async () => {
    const r = build(await load(['properties-not-object.geojson', 'communities.geojson']));
    expect(r.issues.map((i) => [i.code, i.feature, i.field])).toEqual([
      ['PROPERTIES_NOT_OBJECT', 'S1', 'properties'],
      ['PROPERTIES_NOT_OBJECT', '#1', 'properties'],
      ['PROPERTIES_NOT_OBJECT', 'L3', 'properties'],
    ]);
    expect(r.summary.buildings).toBe(1);
  });

  it('swapped lat/lon is guessed and converts into the communities; read as Gauss–Krüger, Use is refused', async () => {
    const loaded = await load(['swapped-buildings.geojson', 'communities.geojson']);
    expect(loaded[0]!.info.crs).toMatchObject({ crs: 'LATLON', code: 'swapped' });
    const right = build(loaded);
    expect(codes(right)).toEqual([]);
    expect(right.summary).toMatchObject({ buildings: 3, households: 400 });
    expect(right.fatal).toBe(false);

    const wrong = build(loaded, [{ crs: 'EPSG:4547' }]);
    expect(wrong.fatal).toBe(true);
    const outside = wrong.issues.filter((i) => i.code === 'OUTSIDE_COMMUNITY');
    expect(outside.map((i) => [i.file, i.feature, i.field])).toEqual([
      ['swapped-buildings.geojson', 'S1', 'geometry'],
      ['swapped-buildings.geojson', 'S2', 'geometry'],
      ['swapped-buildings.geojson', 'S3', 'geometry'],
    ]);
    const all = wrong.issues[0]!;
    expect(all.code).toBe('ALL_OUTSIDE');
    expect(all).toMatchObject({
      severity: 'fatal',
      file: 'swapped-buildings.geojson',
      feature: 'S1',
      field: 'geometry',
    });
    expect(all.bbox).not.toBeNull();
  });

  it('a buildings file chosen as roads is refused with the building and field named', async () => {
    const loaded = await load([
      'null-feature.geojson',
      'communities.geojson',
      'roads-that-are-buildings.geojson',
    ]);
    const r = build(loaded, [{}, {}, { role: 'roads' }]);
    const i = r.issues.find((x) => x.code === 'ROADS_LOOK_LIKE_BUILDINGS')!;
    expect(i).toMatchObject({
      severity: 'fatal',
      file: 'roads-that-are-buildings.geojson',
      feature: 'R1',
      field: '户数',
    });
    expect(i.bbox).toEqual([121.402, 31.202, 121.4025, 31.2025]);
    expect(r.fatal).toBe(true);
  });

  it('overlapping communities and a bow-tie footprint are said in the report, each clickable', async () => {
    const overlap = build(await load(['overlap-buildings.geojson', 'overlapping-communities.geojson']));
    const o = overlap.issues.find((i) => i.code === 'COMMUNITIES_OVERLAP')!;
    expect(o.params).toMatchObject({ first: '甲社区', second: '乙社区', buildings: 2, households: 150 });
    expect(o.bbox).toEqual([121.4, 31.2, 121.41, 31.21]);
    const bow = build(await load(['bowtie-footprint.geojson', 'communities.geojson']));
    expect(codes(bow)).toEqual(['SELF_INTERSECTION_PART']);
    expect(bow.issues[0]!.bbox).toEqual([121.401, 31.201, 121.402, 31.202]);
  });
});
