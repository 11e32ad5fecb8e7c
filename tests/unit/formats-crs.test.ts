import gcoord from 'gcoord';
import type { FeatureCollection } from 'geojson';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { crsFromPrj, detectCrs, gkCentralMeridian, toWgs84 } from '../../src/core/io/formats/crs';
import { guessLonLat, guessMapping, guessRole } from '../../src/core/io/formats/guess';
import { normalise } from '../../src/core/io/formats/normalise';
import { readCsv, tableToPoints } from '../../src/core/io/formats/readers';
import { ringSelfIntersects } from '../../src/core/io/formats/validate';

const pts = (coords: number[][]): FeatureCollection => ({
  type: 'FeatureCollection',
  features: coords.map((c) => ({
    type: 'Feature',
    properties: {},
    geometry: { type: 'Point', coordinates: c },
  })),
});

const shenzhen = [
  [114.02, 22.55],
  [114.05, 22.57],
];

describe('CRS detection and conversion', () => {
  it('knows the 3-degree GK zones', () => {
    expect(gkCentralMeridian(4534)).toBe(75);
    expect(gkCentralMeridian(4547)).toBe(114);
    expect(gkCentralMeridian(4554)).toBe(135);
    expect(gkCentralMeridian(4526)).toBe(114);
  });

  it('detects lon/lat', () => {
    expect(detectCrs(pts(shenzhen)).crs).toBe('EPSG:4326');
  });

  it('detects GK without zone prefix (CM 114) and converts back within a centimetre', () => {
    const gk = shenzhen.map((p) => proj4('EPSG:4326', 'EPSG:4547', p));
    expect(gk[0]![0]).toBeGreaterThan(400_000);
    const fc = pts(gk);
    const guess = detectCrs(fc);
    expect(guess.crs).toBe('EPSG:4547');
    const back = toWgs84(fc, 'EPSG:4547');
    const c = (back.features[0]!.geometry as GeoJSON.Point).coordinates;
    expect(c[0]).toBeCloseTo(114.02, 6);
    expect(c[1]).toBeCloseTo(22.55, 6);
  });

  it('detects GK with zone prefix (zone 38) from 8-digit eastings', () => {
    const gk = shenzhen.map((p) => proj4('EPSG:4326', 'EPSG:4526', p));
    expect(gk[0]![0]).toBeGreaterThan(38_000_000);
    expect(detectCrs(pts(gk)).crs).toBe('EPSG:4526');
    const back = toWgs84(pts(gk), 'EPSG:4526');
    expect((back.features[1]!.geometry as GeoJSON.Point).coordinates[0]).toBeCloseTo(114.05, 6);
  });

  it('detects Web Mercator', () => {
    const m = shenzhen.map((p) => proj4('EPSG:4326', 'EPSG:3857', p));
    expect(detectCrs(pts(m)).crs).toBe('EPSG:3857');
    const back = toWgs84(pts(m), 'EPSG:3857');
    expect((back.features[0]!.geometry as GeoJSON.Point).coordinates[1]).toBeCloseTo(22.55, 6);
  });

  it('converts GCJ-02 and BD-09 back to WGS84 within a metre', () => {
    const gcj = gcoord.transform([114.02, 22.55], gcoord.WGS84, gcoord.GCJ02) as number[];
    expect(Math.abs(gcj[0]! - 114.02)).toBeGreaterThan(0.002); // the offset is real (hundreds of metres)
    const back = (toWgs84(pts([gcj]), 'GCJ02').features[0]!.geometry as GeoJSON.Point).coordinates;
    expect(Math.abs(back[0]! - 114.02)).toBeLessThan(1e-5);
    expect(Math.abs(back[1]! - 22.55)).toBeLessThan(1e-5);
    const bd = gcoord.transform([114.02, 22.55], gcoord.WGS84, gcoord.BD09) as number[];
    const back2 = (toWgs84(pts([bd]), 'BD09').features[0]!.geometry as GeoJSON.Point).coordinates;
    expect(Math.abs(back2[0]! - 114.02)).toBeLessThan(1e-5);
  });

  it('reads .prj WKT', () => {
    expect(
      crsFromPrj(
        'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
      ),
    ).toBe(null); // Gauss_Kruger projection name: handled by proj4 itself (see readers)
    expect(
      crsFromPrj(
        'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 114E",GEOGCS["China Geodetic Coordinate System 2000"],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",114],PARAMETER["false_easting",500000]]',
      ),
    ).toBe('EPSG:4547');
    expect(crsFromPrj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]')).toBe('EPSG:4326');
    expect(crsFromPrj('GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"]')).toBe('EPSG:4490');
  });
});

describe('role and field guessing', () => {
  it('guesses household, compound and name fields in Chinese and English', () => {
    expect(guessMapping(['楼栋名称', '住户数', '小区', 'OBJECTID'], 'buildings')).toEqual({
      households: '住户数',
      compound: '小区',
      name: '楼栋名称',
      id: 'OBJECTID',
    });
    expect(guessMapping(['hh', 'estate', 'name'], 'buildings')).toMatchObject({
      households: 'hh',
      compound: 'estate',
    });
    expect(guessMapping(['units', 'NAME'], 'buildings')).toMatchObject({ households: 'units', name: 'NAME' });
    expect(guessMapping(['hh', 'my_hh'], 'buildings', { households: 'my_hh' }).households).toBe('my_hh');
  });

  it('guesses roles from geometry, names and fields', () => {
    const line: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { class: 'primary' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [1, 1],
            ],
          },
        },
      ],
    };
    expect(guessRole(line, 'x.geojson')).toBe('roads');
    const poly: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'A' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        },
      ],
    };
    expect(guessRole(poly, 'boundary.geojson')).toBe('communities');
    expect(guessRole(pts(shenzhen), 'buildings.geojson')).toBe('buildings');
    const withHh = pts(shenzhen);
    withHh.features[0]!.properties = { 户数: 10 };
    expect(guessRole(withHh, 'data.csv')).toBe('buildings');
  });

  it('reads a GBK CSV with longitude/latitude columns into points', () => {
    // "名称,户数,经度,纬度\n一号楼,120,114.02,22.55" in GBK
    const gbk = new Uint8Array([
      0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xbb, 0xa7, 0xca, 0xfd, 0x2c, 0xbe, 0xad, 0xb6, 0xc8, 0x2c, 0xce, 0xb3,
      0xb6, 0xc8, 0x0a, 0xd2, 0xbb, 0xba, 0xc5, 0xc2, 0xa5, 0x2c, 0x31, 0x32, 0x30, 0x2c, 0x31, 0x31, 0x34,
      0x2e, 0x30, 0x32, 0x2c, 0x32, 0x32, 0x2e, 0x35, 0x35, 0x0a,
    ]);
    const layer = readCsv(gbk);
    expect(layer.encoding).toBe('gb18030');
    expect(layer.table!.header).toEqual(['名称', '户数', '经度', '纬度']);
    const { lon, lat } = guessLonLat(layer.table!.header);
    expect([lon, lat]).toEqual(['经度', '纬度']);
    const { fc, bad } = tableToPoints(layer.table!, lon!, lat!);
    expect(bad).toEqual([]);
    expect(fc.features[0]!.properties).toEqual({ 名称: '一号楼', 户数: 120 });
    const norm = normalise(fc, 'buildings', guessMapping(['名称', '户数'], 'buildings'));
    expect(norm.features[0]!.properties).toMatchObject({ name: '一号楼', households: 120 });
  });

  it('finds self-intersecting rings', () => {
    expect(
      ringSelfIntersects([
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ]),
    ).toBe(true);
    expect(
      ringSelfIntersects([
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ]),
    ).toBe(false);
  });
});
