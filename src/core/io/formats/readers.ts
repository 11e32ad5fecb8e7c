/**
 * Reading the files planners have into GeoJSON: GeoJSON, zipped Shapefile (.dbf in GBK or UTF-8,
 * .cpg and .prj read), CSV/XLSX tables with coordinate columns, KML. Pure (bytes in, data out);
 * runs in the import worker and in Node tests.
 */
import * as XLSX from '@e965/xlsx';
import type { Feature, FeatureCollection } from 'geojson';
import JSZip from 'jszip';
import Papa from 'papaparse';
import proj4 from 'proj4';
import getShapefile from 'shpjs';
import { type CrsId, crsFromPrj } from './crs';
import { kmlToFeatures, type XmlParser } from './kml';

export type FileFormat = 'geojson' | 'shapefile' | 'csv' | 'xlsx' | 'kml' | 'unknown';

export function formatOf(name: string): FileFormat {
  const n = name.toLowerCase();
  if (n.endsWith('.geojson') || n.endsWith('.json')) return 'geojson';
  if (n.endsWith('.zip')) return 'shapefile';
  if (n.endsWith('.csv') || n.endsWith('.txt')) return 'csv';
  if (n.endsWith('.xlsx') || n.endsWith('.xls')) return 'xlsx';
  if (n.endsWith('.kml')) return 'kml';
  return 'unknown';
}

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** The file began with a byte-order mark (removed from `text`). */
  bom: boolean;
}

/**
 * Characters a planner's file plausibly holds: ASCII, CJK ideographs and punctuation, full-width
 * forms, general punctuation (…, –, “”), ·, ², °. GBK bytes that happen to be valid UTF-8 decode to
 * Latin-1 accents, Greek, Cyrillic, Armenian, Hebrew, Arabic (U+0080–U+07FF) instead. This matches
 * any character outside that set (its complement above ASCII; astral characters as surrogates).
 */
const IMPLAUSIBLE =
  /[\u0080-\u00af\u00b1\u00b4-\u00b6\u00b8-\u1fff\u2070-\u2fff\u3040-\u33ff\ua000-\ufeff\ufff0-\uffff]/;

/** Implausible characters, those of them that look like misread GBK, and CJK ideographs. */
function oddChars(text: string): { odd: number; suspect: number; cjk: number } {
  let odd = 0;
  let inRuns = 0;
  // Letters of other scripts (IPA, Greek, Cyrillic, …, U+0250 on), unlike pinyin's tone marks.
  let otherScript = 0;
  let cjk = 0;
  let run = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    let plausible =
      c < 0x80 ||
      c === 0xb0 ||
      c === 0xb2 ||
      c === 0xb3 ||
      c === 0xb7 ||
      (c >= 0x2000 && c <= 0x206f) || // general punctuation
      (c >= 0x3000 && c <= 0x303f) || // CJK punctuation
      (c >= 0xff00 && c <= 0xffef); // full-width forms
    if (c >= 0x3400 && c <= 0x9fff) {
      cjk++;
      plausible = true;
    }
    if (plausible) {
      if (run >= 2) inRuns += run;
      run = 0;
    } else {
      odd++;
      run++;
      if (c >= 0x250 && c < 0x800) otherScript++;
    }
  }
  if (run >= 2) inRuns += run;
  return { odd, suspect: Math.max(inRuns, otherScript), cjk };
}

/** UTF-16 without a byte-order mark: mostly-ASCII text has a NUL in every other byte. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  // UTF-8 and GB18030 text has no NUL bytes at all; ASCII in UTF-16 is NUL in one byte of each pair.
  if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * The text of a file's bytes, and the encoding it was in: a byte-order mark (UTF-8, UTF-16 LE/BE)
 * decides; else UTF-16 recognised by its NUL bytes; else UTF-8 when the bytes are valid UTF-8 and
 * read as plausible text; else GB18030 (a superset of GBK and GB2312, what Chinese Windows saves).
 * Pure: the CLI calls it with a file's bytes, the import worker with a dropped file's.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  if (b0 === 0xff && b1 === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  if (b0 === 0xfe && b1 === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16, bom: false };
  let utf8: string | null = null;
  try {
    utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // not UTF-8
  }
  if (utf8 !== null) {
    // GBK that is also valid UTF-8 (possible for short files) reads as Cyrillic, Greek or runs of
    // accented letters and no Chinese, where GB18030 reads it as Chinese. Single accented letters
    // (pinyin tone marks) between ASCII stay UTF-8. (Russian or Greek text would be misread: none
    // is expected in a Chinese district's data.)
    // The common case, checked by the regular-expression engine (a 12 MB file in a few ms).
    if (!IMPLAUSIBLE.test(utf8)) return { text: utf8, encoding: 'utf-8', bom: false };
    const u = oddChars(utf8);
    if (u.odd === 0 || u.cjk > 0 || u.suspect * 2 < u.odd)
      return { text: utf8, encoding: 'utf-8', bom: false };
    const gb = new TextDecoder('gb18030').decode(bytes);
    if (oddChars(gb).odd === 0) return { text: gb, encoding: 'gb18030', bom: false };
    return { text: utf8, encoding: 'utf-8', bom: false };
  }
  return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030', bom: false };
}

export interface Table {
  header: string[];
  rows: string[][];
}

export interface ParsedLayer {
  format: FileFormat;
  /** Features (for tables: empty until coordinate columns are chosen). */
  fc: FeatureCollection;
  table: Table | null;
  /** CRS named by the file itself (.prj, KML = WGS84), if any. */
  crsHint: CrsId | null;
  encoding: string | null;
  warnings: string[];
}

export function readGeoJson(text: string): FeatureCollection {
  // `null` and other non-objects are valid JSON too: said below, not a TypeError here.
  const json = JSON.parse(text) as { type?: string; features?: unknown } | null;
  if (json?.type === 'Feature') return { type: 'FeatureCollection', features: [json as unknown as Feature] };
  if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features))
    throw new Error('not a GeoJSON FeatureCollection');
  return json as FeatureCollection;
}

let customPrj = 0;

export async function readShapefileZip(bytes: Uint8Array): Promise<ParsedLayer> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((n) => !n.includes('__MACOSX') && !zip.files[n]!.dir);
  const shpName = names.find((n) => n.toLowerCase().endsWith('.shp'));
  if (!shpName) throw new Error('no .shp file in the zip');
  const base = shpName.slice(0, -4);
  const part = (ext: string) => names.find((n) => n.slice(0, -4) === base && n.toLowerCase().endsWith(ext));
  const read = (n?: string) => (n ? zip.files[n]!.async('uint8array') : Promise.resolve(undefined));
  const [shp, dbf, cpgBytes, prjBytes] = await Promise.all([
    read(shpName),
    read(part('.dbf')),
    read(part('.cpg')),
    read(part('.prj')),
  ]);
  const warnings: string[] = [];
  let cpg = cpgBytes ? new TextDecoder().decode(cpgBytes).trim() : undefined;
  if (!cpg && dbf) {
    // No .cpg: UTF-8 if the attribute bytes are valid UTF-8, else GBK (the usual Chinese ANSI code page).
    const ldid = dbf[29];
    let utf8 = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(dbf);
    } catch {
      utf8 = false;
    }
    cpg = utf8 ? 'UTF-8' : 'GBK';
    if (!utf8) warnings.push(`no .cpg; the .dbf is not UTF-8 (language driver ${ldid}), read as GBK`);
  }
  if (cpg && /^(936|cp936|gbk|gb2312|gb18030)$/i.test(cpg)) cpg = 'gb18030';
  const fc = (await getShapefile({
    shp: shp!,
    ...(dbf ? { dbf } : {}),
    ...(cpg ? { cpg } : {}),
  })) as FeatureCollection;
  let crsHint: CrsId | null = null;
  if (prjBytes) {
    const wkt = new TextDecoder().decode(prjBytes);
    crsHint = crsFromPrj(wkt);
    if (!crsHint) {
      try {
        const id = `PRJ:${++customPrj}`;
        proj4.defs(id, wkt);
        crsHint = id;
        warnings.push(
          'the .prj is not a CGCS2000/WGS84/Web Mercator system; converted with its own parameters',
        );
      } catch {
        warnings.push('the .prj could not be read; choose the coordinate system by hand');
      }
    }
  }
  return { format: 'shapefile', fc, table: null, crsHint, encoding: cpg ?? null, warnings };
}

export function readCsv(bytes: Uint8Array): ParsedLayer {
  const { text, encoding } = decodeText(bytes);
  const r = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const [header = [], ...rows] = r.data;
  return {
    format: 'csv',
    fc: { type: 'FeatureCollection', features: [] },
    table: { header: header.map((h) => h.trim()), rows },
    crsHint: null,
    encoding,
    warnings: r.errors.slice(0, 5).map((e) => `row ${e.row}: ${e.message}`),
  };
}

export function readXlsx(bytes: Uint8Array): ParsedLayer {
  const wb = XLSX.read(bytes, { type: 'array' });
  const sheet = wb.Sheets[wb.SheetNames[0]!]!;
  const data = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, blankrows: false, defval: '' });
  const [header = [], ...rows] = data;
  return {
    format: 'xlsx',
    fc: { type: 'FeatureCollection', features: [] },
    table: {
      header: header.map((h) => String(h).trim()),
      rows: rows.map((r) => r.map((v) => String(v ?? ''))),
    },
    crsHint: null,
    encoding: null,
    warnings: wb.SheetNames.length > 1 ? [`only the first sheet "${wb.SheetNames[0]}" is read`] : [],
  };
}

const NUMERIC = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** Rows → points, with the other columns as properties (numbers kept numeric). */
export function tableToPoints(
  table: Table,
  lon: string,
  lat: string,
): { fc: FeatureCollection; bad: number[] } {
  const xi = table.header.indexOf(lon);
  const yi = table.header.indexOf(lat);
  if (xi < 0 || yi < 0) throw new Error('coordinate columns not found');
  const bad: number[] = [];
  const features: Feature[] = [];
  table.rows.forEach((row, i) => {
    const x = Number(String(row[xi] ?? '').trim());
    const y = Number(String(row[yi] ?? '').trim());
    const props: Record<string, unknown> = {};
    table.header.forEach((h, k) => {
      if (k === xi || k === yi) return;
      const v = String(row[k] ?? '').trim();
      props[h] = NUMERIC.test(v) && !/^0\d/.test(v) ? Number(v) : v;
    });
    const ok = Number.isFinite(x) && Number.isFinite(y) && String(row[xi] ?? '').trim() !== '';
    if (!ok) bad.push(i);
    // A row without coordinates is kept (geometry null) so the report names it.
    features.push({
      type: 'Feature',
      properties: props,
      geometry: ok ? { type: 'Point', coordinates: [x, y] } : (null as never),
    });
  });
  return { fc: { type: 'FeatureCollection', features }, bad };
}

export async function readAny(name: string, bytes: Uint8Array, xml?: XmlParser): Promise<ParsedLayer> {
  const format = formatOf(name);
  if (format === 'geojson') {
    const { text, encoding } = decodeText(bytes);
    return { format, fc: readGeoJson(text), table: null, crsHint: null, encoding, warnings: [] };
  }
  if (format === 'shapefile') return readShapefileZip(bytes);
  if (format === 'csv') return readCsv(bytes);
  if (format === 'xlsx') return readXlsx(bytes);
  if (format === 'kml') {
    if (!xml) throw new Error('no XML parser available for KML');
    const { text, encoding } = decodeText(bytes);
    return {
      format,
      fc: kmlToFeatures(text, xml),
      table: null,
      crsHint: 'EPSG:4326',
      encoding,
      warnings: [],
    };
  }
  throw new Error(`unknown file type: ${name} (expected .geojson, .zip, .csv, .xlsx or .kml)`);
}
