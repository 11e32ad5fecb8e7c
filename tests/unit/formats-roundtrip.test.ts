import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { featuresToKml, kmlToFeatures } from '../../src/core/io/formats/kml';
import { readCsv, readGeoJson, readShapefileZip } from '../../src/core/io/formats/readers';
import { UNIT_FIELDS, writePolygonShapefile } from '../../src/core/io/formats/shapefile';
import { buildingCsv, parseCsv, unitsFeatureCollection } from '../../src/core/io/formats/units';
import { readPlanInput } from '../../src/core/io/input';
import type { Unit } from '../../src/core/plan/result';

import type { Position } from '../../src/core/types';

const square = (x: number, y: number, s: number): Position[] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

const units: Unit[] = [
  {
    id: '440304-01',
    community: '福保社区',
    communityCode: '440304',
    name: '福保社区',
    status: 'new',
    households: 2500,
    buildings: 20,
    compounds: 2,
    areaM2: 123456.7,
    perimeterM: 1500,
    polsbyPopper: 0.71,
    roadBoundaryShare: 0.8,
    hasServiceCentre: true,
    serviceCentres: ['福保党群服务中心'],
    // A donut: a compound hole inside.
    polygons: [[square(114, 22.5, 0.01), square(114.004, 22.504, 0.002).reverse()]],
  },
  {
    id: '440304-02',
    community: '福保社区',
    communityCode: '440304',
    name: '福保社区-2, "东"',
    status: 'new',
    households: 1800,
    buildings: 12,
    compounds: 1,
    areaM2: 98765.4,
    perimeterM: 1300,
    polsbyPopper: 0.65,
    roadBoundaryShare: 0.5,
    hasServiceCentre: false,
    serviceCentres: [],
    polygons: [[square(114.01, 22.5, 0.01)], [square(114.03, 22.5, 0.005)]],
  },
];

const meta = { name: '方案 1', date: '2026-11-22T08:00:00.000Z', parameters: { min: 1500, max: 3500 } };

describe('units GeoJSON export', () => {
  it('carries plan metadata and re-imports as community polygons without issues', () => {
    const fc = unitsFeatureCollection(units, meta);
    const text = JSON.stringify(fc);
    const back = readGeoJson(text) as typeof fc;
    expect(back.metadata.plan).toBe('方案 1');
    expect(back.metadata.parameters).toEqual({ min: 1500, max: 3500 });
    expect(back.metadata.metrics.households).toBe(4300);
    expect(back.features.map((f) => f.properties.name)).toEqual(units.map((u) => u.name));
    const input = readPlanInput({
      buildings: {
        name: 'b',
        text: JSON.stringify({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { id: 'x', households: 1 },
              geometry: { type: 'Point', coordinates: [114.001, 22.501] },
            },
          ],
        }),
      },
      communities: { name: 'units.geojson', text },
    });
    expect(input.issues).toEqual([]);
    expect(input.communities).toHaveLength(2);
    expect(input.communities[0]!.polygons[0]).toHaveLength(2); // hole kept
    expect(input.communities[1]!.polygons).toHaveLength(2); // multipolygon kept
  });
});

describe('building CSV export', () => {
  it('round-trips quotes, commas and Chinese names', () => {
    const rows = [
      {
        id: 'B1',
        name: '朝阳雅居1栋',
        compound: 'C0007',
        households: 147,
        unit: '440304-01',
        unitName: '福保社区',
      },
      {
        id: 'B2',
        name: 'Block "2", east',
        compound: null,
        households: 0,
        unit: '440304-02',
        unitName: '福保社区-2, "东"',
      },
    ];
    const csv = buildingCsv(rows);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const parsed = parseCsv(csv);
    expect(parsed.header).toEqual([
      'building_id',
      'building_name',
      'compound',
      'households',
      'unit_id',
      'unit_name',
    ]);
    expect(parsed.rows).toEqual([
      ['B1', '朝阳雅居1栋', 'C0007', '147', '440304-01', '福保社区'],
      ['B2', 'Block "2", east', '', '0', '440304-02', '福保社区-2, "东"'],
    ]);
    const viaReader = readCsv(new TextEncoder().encode(csv));
    expect(viaReader.table!.rows[1]![5]).toBe('福保社区-2, "东"');
  });
});

describe('Shapefile export', () => {
  it('writes .shp/.shx/.dbf/.prj/.cpg that shpjs reads back with UTF-8 names, holes and parts', async () => {
    const parts = writePolygonShapefile(
      units.map((u) => u.polygons),
      UNIT_FIELDS,
      units.map((u) => [
        u.id,
        u.name,
        u.community,
        u.communityCode,
        u.status,
        u.households,
        u.buildings,
        u.compounds,
        u.areaM2,
        u.polsbyPopper,
        u.roadBoundaryShare,
        u.hasServiceCentre,
        meta.name,
      ]),
    );
    expect(UNIT_FIELDS.every((f) => f.name.length <= 10)).toBe(true);
    const zip = new JSZip();
    zip.file('units.shp', parts.shp);
    zip.file('units.shx', parts.shx);
    zip.file('units.dbf', parts.dbf);
    zip.file('units.prj', parts.prj);
    zip.file('units.cpg', parts.cpg);
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    const layer = await readShapefileZip(bytes);
    expect(layer.crsHint).toBe('EPSG:4326');
    const f = layer.fc.features;
    expect(f).toHaveLength(2);
    expect(f.map((x) => x.properties!.NAME)).toEqual(['福保社区', '福保社区-2, "东"']);
    expect(f[0]!.properties!.HH).toBe(2500);
    expect(f[0]!.properties!.SVC_CTR).toBe(true);
    expect(f[0]!.properties!.PLAN).toBe('方案 1');
    expect(f[0]!.geometry.type).toBe('Polygon');
    expect((f[0]!.geometry as GeoJSON.Polygon).coordinates).toHaveLength(2);
    expect(f[1]!.geometry.type).toBe('MultiPolygon');
    const ring = (f[0]!.geometry as GeoJSON.Polygon).coordinates[0]!;
    const xs = ring.map((p) => p[0]!);
    expect(Math.min(...xs)).toBeCloseTo(114, 9);
    expect(Math.max(...xs)).toBeCloseTo(114.01, 9);
  });

  it('reads a GBK .dbf without a .cpg', async () => {
    const parts = writePolygonShapefile(
      [units[0]!.polygons],
      [{ name: 'NAME', type: 'C', size: 40 }],
      [['placeholder']],
    );
    // Re-encode the DBF text field in GBK by hand: "福保" = B8A3 B1A3.
    const dbf = parts.dbf.slice();
    const headerLen = new DataView(dbf.buffer).getUint16(8, true);
    const gbk = [0xb8, 0xa3, 0xb1, 0xa3];
    dbf.fill(0x20, headerLen + 1, headerLen + 41);
    dbf.set(gbk, headerLen + 1);
    const zip = new JSZip();
    zip.file('a.shp', parts.shp);
    zip.file('a.shx', parts.shx);
    zip.file('a.dbf', dbf);
    const layer = await readShapefileZip(await zip.generateAsync({ type: 'uint8array' }));
    expect(layer.fc.features[0]!.properties!.NAME).toBe('福保');
    expect(layer.encoding).toBe('gb18030');
  });
});

describe('KML export', () => {
  it('re-imports names, numbers and geometry', () => {
    const fc = unitsFeatureCollection(units, meta);
    const kml = featuresToKml({
      type: 'FeatureCollection',
      features: fc.features.map((f) => ({
        ...f,
        properties: {
          ...f.properties,
          service_centres: f.properties.service_centres.join(';'),
          violations: '',
        },
      })),
    });
    const back = kmlToFeatures(kml, new DOMParser() as never);
    expect(back.features).toHaveLength(2);
    expect(back.features[0]!.properties!.name).toBe('福保社区');
    expect(back.features[0]!.properties!.households).toBe(2500);
    expect(back.features[1]!.properties!.name).toBe('福保社区-2, "东"');
    expect(back.features[0]!.geometry.type).toBe('Polygon');
    expect((back.features[0]!.geometry as GeoJSON.Polygon).coordinates).toHaveLength(2);
    expect(back.features[1]!.geometry.type).toBe('MultiPolygon');
  });
});
