/**
 * Bad input gets a clear message, never a crash or a silent use. Each case is a small file in
 * tests/fixtures/bad-input (written by make.py there) and each message must name the file, the
 * feature and the field, in Chinese and in English.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { detectCrs, LATLON_SWAPPED, toWgs84 } from '../../src/core/io/formats/crs';
import { fieldNames, geometryKinds, guessMapping, guessRole } from '../../src/core/io/formats/guess';
import { normalise } from '../../src/core/io/formats/normalise';
import { decodeText, readGeoJson } from '../../src/core/io/formats/readers';
import {
  DEFAULT_MAX_HOUSEHOLDS_PER_BUILDING,
  everyBuildingOutside,
  type InputFiles,
  looksLikeBuildings,
  type ReadOptions,
  readPlanInput,
} from '../../src/core/io/input';
import { ISSUE_TEMPLATES_EN } from '../../src/core/io/issues';
import { prepareDistrict } from '../../src/core/plan/district';
import type { InputIssue } from '../../src/core/types';
import { issueText } from '../../src/i18n';
import { en } from '../../src/i18n/en';
import { zhCN } from '../../src/i18n/zh-CN';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'bad-input');
const bytesOf = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));
/** A fixture's text as Node's own UTF-8 decoder reads it (not the code under test). */
const utf8Of = (name: string) => readFileSync(join(DIR, name), 'utf8');
const file = (name: string) => ({ name, text: utf8Of(name) });
const COMMUNITIES = file('communities.geojson');

function read(files: Partial<InputFiles> & Pick<InputFiles, 'buildings'>, opts: ReadOptions = {}) {
  return readPlanInput({ communities: COMMUNITIES, ...files }, opts);
}

function only(issues: InputIssue[], code: string): InputIssue {
  const found = issues.filter((i) => i.code === code);
  expect(found, `one ${code} in ${JSON.stringify(issues.map((i) => i.code))}`).toHaveLength(1);
  return found[0]!;
}

/**
 * The issue names the file, the feature and the field in its own message (the command line's) and
 * in both languages of the app, with every placeholder filled and the Chinese actually Chinese.
 */
function expectNamed(i: InputIssue, fileName: string, feature: string, field: string) {
  expect({ file: i.file, feature: i.feature, field: i.field }).toEqual({ file: fileName, feature, field });
  const zh = issueText('zh-CN', i);
  const english = issueText('en', i);
  for (const text of [i.message, zh, english]) {
    expect(text).toContain(fileName);
    expect(text).toContain(feature);
    expect(text).toContain(field);
    expect(text).not.toMatch(/\{\w+\}/);
  }
  expect(zh).toMatch(/[要素字段]/);
  expect(zh).not.toBe(english);
}

const inside = (i: InputIssue[]) => i.filter((x) => x.code === 'OUTSIDE_COMMUNITY').map((x) => x.feature);

describe('bad input: crashes', () => {
  it('a null entry in features is reported by position and the other features are read', () => {
    const input = read({ buildings: file('null-feature.geojson') });
    expect(input.buildings.map((b) => b.id)).toEqual(['B1', 'B3']);
    const i = only(input.issues, 'FEATURE_NOT_OBJECT');
    expect(i.severity).toBe('error');
    expectNamed(i, 'null-feature.geojson', '#1', 'features[1]');
    expect(issueText('en', i)).toContain('null');
  });

  it('a null entry in the communities, roads or facilities file is reported the same way', () => {
    const withNull = (name: string, fc: unknown) => {
      const parsed = fc as { features: unknown[] };
      return { name, text: JSON.stringify({ ...parsed, features: [null, ...parsed.features] }) };
    };
    const communities = withNull('c.geojson', JSON.parse(COMMUNITIES.text));
    const roads = withNull('r.geojson', JSON.parse(utf8Of('roads-with-a-lake.geojson')));
    const facilities = withNull('f.geojson', {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { kind: 'school' },
          geometry: { type: 'Point', coordinates: [121.401, 31.201] },
        },
      ],
    });
    const input = readPlanInput({ buildings: file('null-feature.geojson'), communities, roads, facilities });
    const named = input.issues.filter((i) => i.code === 'FEATURE_NOT_OBJECT').map((i) => [i.file, i.feature]);
    expect(named).toEqual([
      ['null-feature.geojson', '#1'],
      ['c.geojson', '#0'],
      ['r.geojson', '#0'],
      ['f.geojson', '#0'],
    ]);
    expect(input.communities.map((c) => c.name)).toEqual(['甲社区', '乙社区']);
    expect(input.barriers).toHaveLength(2);
    expect(input.facilities).toHaveLength(1);
  });

  it('properties that are a string, a number or an array: the building is named and left out', () => {
    const input = read({ buildings: file('properties-not-object.geojson') });
    expect(input.buildings.map((b) => b.id)).toEqual(['B4']);
    const bad = input.issues.filter((i) => i.code === 'PROPERTIES_NOT_OBJECT');
    expect(bad.map((i) => [i.feature, i.params?.kind])).toEqual([
      ['S1', 'string'],
      ['#1', 'number'],
      ['L3', 'array'],
    ]);
    for (const i of bad) expectNamed(i, 'properties-not-object.geojson', i.feature!, 'properties');
    // Nothing else is said about them (no second, vaguer "household count missing").
    expect(input.issues.filter((i) => i.code !== 'PROPERTIES_NOT_OBJECT')).toEqual([]);
  });

  it('a community whose properties are a string is read without them, and said so', () => {
    const input = readPlanInput({
      buildings: file('null-feature.geojson'),
      communities: file('communities-properties-string.geojson'),
    });
    expect(input.communities).toHaveLength(2);
    const i = only(input.issues, 'PROPERTIES_IGNORED');
    expect(i.severity).toBe('warning');
    expectNamed(i, 'communities-properties-string.geojson', 'C-A', 'properties');
  });

  it('in the app: a null entry goes through guessing, CRS detection and the field mapping to the same message', () => {
    const name = 'null-feature.geojson';
    const fc = readGeoJson(decodeText(bytesOf(name)).text);
    const role = guessRole(fc, name);
    expect(role).toBe('buildings');
    expect(geometryKinds(fc)).toEqual({ points: 2, lines: 0, polygons: 0, none: 1 });
    const crs = detectCrs(fc);
    expect(crs.crs).toBe('EPSG:4326');
    const mapping = guessMapping(fieldNames(fc), role);
    const norm = normalise(toWgs84(fc, crs.crs!), role, mapping);
    const input = read({ buildings: { name, text: JSON.stringify(norm) } });
    const i = only(input.issues, 'FEATURE_NOT_OBJECT');
    expectNamed(i, name, '#1', 'features[1]');
    expect(input.buildings.map((b) => b.id)).toEqual(['B1', 'B3']);
  });

  it('in the app: properties that are not an object reach the reader as they are', () => {
    const name = 'properties-not-object.geojson';
    const fc = readGeoJson(utf8Of(name));
    expect(fieldNames(fc)).toEqual(['id', 'households']);
    const mapping = guessMapping(fieldNames(fc), 'buildings');
    const norm = normalise(fc, 'buildings', mapping);
    const input = read({ buildings: { name, text: JSON.stringify(norm) } });
    expect(input.issues.map((i) => [i.code, i.feature])).toEqual([
      ['PROPERTIES_NOT_OBJECT', 'S1'],
      ['PROPERTIES_NOT_OBJECT', '#1'],
      ['PROPERTIES_NOT_OBJECT', 'L3'],
    ]);
  });
});

describe('bad input: silent use', () => {
  it('overlapping communities are named with the overlap area and the households counted in the first', () => {
    const input = readPlanInput({
      buildings: file('overlap-buildings.geojson'),
      communities: file('overlapping-communities.geojson'),
    });
    const i = only(input.issues, 'COMMUNITIES_OVERLAP');
    expect(i.severity).toBe('error');
    expectNamed(i, 'overlapping-communities.geojson', 'C-A', 'geometry');
    // Oracle: the overlap is the lon/lat rectangle 121.4075–121.41 × 31.201–31.2038, whose area on
    // the sphere (radius as in GeoJSON tools, 6,371,008.8 m) is R²·Δλ·(sin φ2 − sin φ1).
    const R = 6_371_008.8;
    const rad = Math.PI / 180;
    const expected = R * R * (0.0025 * rad) * (Math.sin(31.2038 * rad) - Math.sin(31.201 * rad));
    expect(expected).toBeGreaterThan(73_000);
    expect(Number(i.params?.areaM2)).toBeCloseTo(expected, -1);
    expect(Number(i.params?.ha)).toBeCloseTo(expected / 10_000, 1);
    expect(i.params).toMatchObject({
      other: 'C-B',
      first: '甲社区',
      second: '乙社区',
      buildings: 2,
      households: 150,
    });
    for (const text of [issueText('zh-CN', i), issueText('en', i), i.message]) {
      expect(text).toContain('甲社区');
      expect(text).toContain('乙社区');
      expect(text).toContain('C-B');
    }
    expect(issueText('zh-CN', i)).toContain('7.4 公顷');
    expect(issueText('en', i)).toContain('(7.4 ha)');
  });

  it('communities that only share a border do not overlap', () => {
    const input = read({ buildings: file('overlap-buildings.geojson') });
    expect(input.issues.filter((i) => i.code === 'COMMUNITIES_OVERLAP')).toEqual([]);
  });

  const expectedText = utf8Of('buildings-utf8.geojson');
  for (const [name, encoding, bom] of [
    ['buildings-utf8.geojson', 'utf-8', false],
    ['buildings-utf8-bom.geojson', 'utf-8', true],
    ['buildings-gb18030.geojson', 'gb18030', false],
    ['buildings-utf16le-bom.geojson', 'utf-16le', true],
    ['buildings-utf16be-bom.geojson', 'utf-16be', true],
    ['buildings-utf16le.geojson', 'utf-16le', false],
    ['buildings-utf16be.geojson', 'utf-16be', false],
  ] as const)
    it(`decodeText reads ${name} as ${encoding}${bom ? ' with its byte-order mark' : ''}`, () => {
      const decoded = decodeText(bytesOf(name));
      expect(decoded).toEqual({ text: expectedText, encoding, bom });
      const input = read({ buildings: { name, text: decoded.text } });
      expect(input.buildings.map((b) => b.compound)).toEqual(['阳光小区', '月亮小区', '㐀家园']);
      expect(input.issues).toEqual([]);
    });

  it('GBK bytes that are also valid UTF-8 are read as GBK (Chinese), not as Cyrillic', () => {
    const bytes = bytesOf('buildings-gbk-valid-utf8.geojson');
    // The trap: the bytes are valid UTF-8, and read as such the compound is a Cyrillic letter.
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toContain('"С"');
    const decoded = decodeText(bytes);
    expect(decoded.encoding).toBe('gb18030');
    expect(JSON.parse(decoded.text).features[0].properties.compound).toBe('小');
  });

  it('UTF-8 with pinyin tone marks or a degree sign stays UTF-8', () => {
    const text = '{"name":"Lǜyuán xiǎoqū 绿园小区 5°","note":"Café"}';
    expect(decodeText(new TextEncoder().encode(text))).toEqual({ text, encoding: 'utf-8', bom: false });
  });

  it('GBK names are told apart; read as UTF-8 they merge, and that is said per building and field', () => {
    const bytes = bytesOf('buildings-gbk-names.geojson');
    const good = read({ buildings: { name: 'gbk.geojson', text: decodeText(bytes).text } });
    expect(good.buildings.map((b) => b.compound)).toEqual(['阳光', '月亮']);
    // What a reader that assumes UTF-8 does: both names become the same replacement characters.
    const lossy = read({ buildings: { name: 'gbk.geojson', text: new TextDecoder().decode(bytes) } });
    const [a, b] = lossy.buildings.map((x) => x.compound);
    expect(a).toBe(b);
    const said = lossy.issues.filter((i) => i.code === 'TEXT_NOT_DECODABLE');
    expect(said.map((i) => i.feature)).toEqual(['N1', 'N2']);
    for (const i of said) expectNamed(i, 'gbk.geojson', i.feature!, 'compound');
  });
});

describe('bad input: vague messages', () => {
  it('a bow-tie footprint is said to cross itself and its larger loop is used (not "outside every community")', () => {
    const input = read({ buildings: file('bowtie-footprint.geojson') });
    const i = only(input.issues, 'SELF_INTERSECTION_PART');
    expect(i.severity).toBe('warning');
    expectNamed(i, 'bowtie-footprint.geojson', 'X1', 'geometry');
    // Oracle, by hand: the edges (0,10)–(10,0) and (0,0)–(10,9) (units of 0.0001° from 121.401,
    // 31.201) cross at (100/19, 90/19); the west loop (0,0), (0,10), X has area 10·(100/19)/2.
    const x = 100 / 19;
    const y = 90 / 19;
    const unit = 1e-4;
    const rad = Math.PI / 180;
    const R = 6_371_008.8;
    const m2PerUnit2 = (R * unit * rad) ** 2 * Math.cos(31.2015 * rad);
    expect(i.params?.parts).toBe(2);
    expect(Number(i.params?.areaM2)).toBeCloseTo(((10 * x) / 2) * m2PerUnit2, -1);
    const b = input.buildings.find((bd) => bd.id === 'X1')!;
    expect(b.lon).toBeCloseTo(121.401 + (unit * x) / 3, 7);
    expect(b.lat).toBeCloseTo(31.201 + (unit * (10 + y)) / 3, 7);
    expect(inside(prepareDistrict(input).issues)).toEqual([]);
    expect(input.issues.filter((x) => x.feature === 'Q1')).toEqual([]);
  });

  it('a crossing footprint that cannot be cut apart (a vertex used twice) is replaced by its convex hull', () => {
    // Units of 0.0001° from (121.4, 31.2): (0,0) (2,0) (1,1) (1,−1) (1,1) (0,1); the hull is
    // (1,−1) (2,0) (1,1) (0,1) (0,0), of area 2.5 units² by the shoelace formula, centroid by hand below.
    const u = [
      [0, 0],
      [2, 0],
      [1, 1],
      [1, -1],
      [1, 1],
      [0, 1],
      [0, 0],
    ].map(([x, y]) => [121.4 + x! * 1e-4, 31.2 + y! * 1e-4]);
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'K1', households: 30 },
          geometry: { type: 'Polygon', coordinates: [u] },
        },
      ],
    });
    const input = read({ buildings: { name: 'k.geojson', text } });
    const i = only(input.issues, 'SELF_INTERSECTION_HULL');
    expectNamed(i, 'k.geojson', 'K1', 'geometry');
    const rad = Math.PI / 180;
    const m2PerUnit2 = (6_371_008.8 * 1e-4 * rad) ** 2 * Math.cos(31.2 * rad);
    expect(Number(i.params?.areaM2)).toBeCloseTo(2.5 * m2PerUnit2, -1);
    // Hull centroid: triangles fanned from (0,0): (1,−1)(2,0) area 1, (2,0)(1,1) area 1, (1,1)(0,1) area 0.5.
    const cx = (1 * (3 / 3) + 1 * (3 / 3) + 0.5 * (1 / 3)) / 2.5;
    const cy = (1 * (-1 / 3) + 1 * (1 / 3) + 0.5 * (2 / 3)) / 2.5;
    const b = input.buildings[0]!;
    expect(b.lon).toBeCloseTo(121.4 + cx * 1e-4, 8);
    expect(b.lat).toBeCloseTo(31.2 + cy * 1e-4, 8);
  });

  it('a community outline that crosses itself is an error naming the community and the field', () => {
    const bow = [
      [121.4, 31.2],
      [121.41, 31.21],
      [121.41, 31.2],
      [121.4, 31.21],
      [121.4, 31.2],
    ];
    const communities = {
      name: 'x.geojson',
      text: JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'CX', name: '丙社区' },
            geometry: { type: 'Polygon', coordinates: [bow] },
          },
        ],
      }),
    };
    const input = readPlanInput({ buildings: file('null-feature.geojson'), communities });
    const i = only(input.issues, 'OUTLINE_SELF_INTERSECTS');
    expect(i.severity).toBe('error');
    expectNamed(i, 'x.geojson', 'CX', 'geometry');
    // The shared-border communities of the other cases do not cross themselves.
    expect(read({ buildings: file('null-feature.geojson') }).issues.map((x) => x.code)).toEqual([
      'FEATURE_NOT_OBJECT',
    ]);
  });

  it('an implausible household count names the building and the field; the ceiling is an option', () => {
    const input = read({ buildings: file('implausible-households.geojson') });
    expect(DEFAULT_MAX_HOUSEHOLDS_PER_BUILDING).toBe(2000);
    const said = input.issues.filter((i) => i.code === 'HOUSEHOLDS_IMPLAUSIBLE');
    expect(said.map((i) => [i.feature, i.params?.households, i.params?.ceiling])).toEqual([
      ['H1', 1e12, 2000],
      ['H2', 2001, 2000],
    ]);
    for (const i of said) expectNamed(i, 'implausible-households.geojson', i.feature!, 'households');
    expect(said.every((i) => i.severity === 'warning')).toBe(true);
    expect(input.buildings).toHaveLength(4);
    const strict = read(
      { buildings: file('implausible-households.geojson') },
      { maxHouseholdsPerBuilding: 1000 },
    );
    expect(strict.issues.filter((i) => i.code === 'HOUSEHOLDS_IMPLAUSIBLE').map((i) => i.feature)).toEqual([
      'H1',
      'H2',
      'H3',
    ]);
  });

  it('a buildings file given as roads is refused, naming a building and its household field', () => {
    const input = read({
      buildings: file('null-feature.geojson'),
      roads: file('roads-that-are-buildings.geojson'),
    });
    expect(input.barriers).toEqual([]);
    const i = only(input.issues, 'ROADS_LOOK_LIKE_BUILDINGS');
    expect(i.severity).toBe('fatal');
    expectNamed(i, 'roads-that-are-buildings.geojson', 'R1', '户数');
    expect(i.params).toMatchObject({ count: 4, total: 4 });
  });

  it('in the app: a buildings file given as roads is recognised by the household field the import guesses', () => {
    const fc = readGeoJson(utf8Of('roads-that-are-buildings.geojson').replaceAll('户数', '总户数'));
    // The engine's own field names do not include 总户数; the import's guess does.
    expect(looksLikeBuildings(fc.features)).toBeNull();
    const field = guessMapping(fieldNames(fc), 'buildings').households;
    expect(field).toBe('总户数');
    expect(looksLikeBuildings(fc.features, [field!])).toEqual({
      feature: 'R1',
      field: '总户数',
      count: 4,
      total: 4,
    });
  });

  it('a roads file with a lake polygon (no household field) is still roads', () => {
    const input = read({ buildings: file('null-feature.geojson'), roads: file('roads-with-a-lake.geojson') });
    expect(input.issues.filter((i) => i.code === 'ROADS_LOOK_LIKE_BUILDINGS')).toEqual([]);
    expect(input.barriers.map((b) => b.cls)).toEqual(['primary', 'river']);
  });
});

describe('bad input: swapped latitude and longitude', () => {
  const name = 'swapped-buildings.geojson';

  it('the reader says the coordinates are latitude first, naming the feature', () => {
    const input = read({ buildings: file(name) });
    const i = input.issues.find((x) => x.code === 'COORDINATES_SWAPPED')!;
    expect(i.severity).toBe('fatal');
    expectNamed(i, name, 'S1', 'geometry');
    expect(i.message).toContain('[31.202, 121.402]');
  });

  it('the import guesses "lat/lon swapped" and converting with it puts every building in its community', () => {
    const fc = readGeoJson(utf8Of(name));
    const guess = detectCrs(fc);
    expect(guess).toMatchObject({ crs: LATLON_SWAPPED, code: 'swapped' });
    const wgs = toWgs84(fc, guess.crs!);
    expect(wgs.features.map((f) => (f.geometry as GeoJSON.Point).coordinates)).toEqual([
      [121.402, 31.202],
      [121.404, 31.204],
      [121.415, 31.205],
    ]);
    const input = read({ buildings: { name, text: JSON.stringify(wgs) } });
    expect(input.issues).toEqual([]);
    const district = prepareDistrict(input);
    expect(district.buildingsOf.map((b) => b.length)).toEqual([2, 1]);
  });

  it('both orders are degrees: the one that lands in China wins', () => {
    const pts = (coords: number[][]): FeatureCollection => ({
      type: 'FeatureCollection',
      features: coords.map((c) => ({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Point', coordinates: c },
      })),
    });
    // Lhasa area (lon 91.1, lat 29.6) written latitude first, and as it should be.
    expect(detectCrs(pts([[29.6, 91.1]])).crs).toBe(LATLON_SWAPPED);
    expect(detectCrs(pts([[91.1, 29.6]])).crs).toBe('EPSG:4326');
    // Degrees are not Gauss–Krüger metres.
    expect(detectCrs(pts([[31.2, 121.4]])).crs).toBe(LATLON_SWAPPED);
  });

  it('when every building lands outside every community, the import is refused, saying why', () => {
    // Read as Gauss–Krüger metres (the old guess for [31.2, 121.4]): all land near the equator.
    const wgs = toWgs84(readGeoJson(utf8Of(name)), 'EPSG:4547');
    const input = read({ buildings: { name, text: JSON.stringify(wgs) } });
    const issues = prepareDistrict(input).issues;
    expect(inside(issues)).toEqual(['S1', 'S2', 'S3']);
    const i = everyBuildingOutside(input, issues, { buildings: name, communities: 'communities.geojson' })!;
    expect(i.severity).toBe('fatal');
    expectNamed(i, name, 'S1', 'geometry');
    expect(i.params).toMatchObject({ count: 3, communities: 'communities.geojson' });
    // One building inside is enough to plan something: then no such issue.
    const right = read({
      buildings: { name, text: JSON.stringify(toWgs84(readGeoJson(utf8Of(name)), LATLON_SWAPPED)) },
    });
    expect(
      everyBuildingOutside(right, prepareDistrict(right).issues, { buildings: name, communities: 'c' }),
    ).toBeNull();
  });
});

describe('input issue catalogue', () => {
  it('says every engine template in English exactly as the engine does, and in Chinese with the same parameters', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [code, template] of Object.entries(ISSUE_TEMPLATES_EN)) {
      const key = `issue.${code}` as keyof typeof en;
      expect(en[key], code).toBe(template);
      expect(names(zhCN[key]), code).toEqual(names(template));
      for (const p of ['file', 'feature', 'field']) expect(template, code).toContain(`{${p}}`);
    }
  });

  it('names the file, the feature and the field in every issue message of both languages', () => {
    for (const catalogue of [en, zhCN])
      for (const [key, text] of Object.entries(catalogue)) {
        // Whole-file problems (broken JSON, no features, no roles) have no feature to name.
        if (
          !key.startsWith('issue.') ||
          /INVALID_JSON|NOT_FEATURE_COLLECTION|EMPTY_FILE|ROLES_MISSING|COORDINATE_COLUMNS|CRS_CONVERSION|HOUSEHOLDS_FIELD|COORDINATES_MISSING|SELF_INTERSECTION$/.test(
            key,
          )
        )
          continue;
        for (const p of ['file', 'feature', 'field']) expect(text, key).toContain(`{${p}}`);
      }
  });
});

describe('real towns are not bad input', () => {
  // Read in place (see ../shared/data/real/README.md), never copied here.
  const realDir = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'real');
  const newCodes = Object.keys(ISSUE_TEMPLATES_EN);
  for (const town of ['sg-serangoon', 'sg-clementi', 'sg-toa-payoh', 'sg-punggol'])
    it(`${town}: read as UTF-8, and none of the bad-input checks fires`, () => {
      const real = (f: string) => {
        const decoded = decodeText(new Uint8Array(readFileSync(join(realDir, town, f))));
        expect(decoded.encoding).toBe('utf-8');
        return { name: f, text: decoded.text };
      };
      const input = readPlanInput({
        buildings: real('buildings.geojson'),
        communities: real('boundary.geojson'),
        roads: real('roads.geojson'),
      });
      expect(input.buildings.length).toBeGreaterThan(150);
      expect(input.issues.filter((i) => newCodes.includes(i.code))).toEqual([]);
    });
});
