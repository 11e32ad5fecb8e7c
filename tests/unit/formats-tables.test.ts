import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { guessLonLat } from '../../src/core/io/formats/guess';
import { formatOf, readAny, readXlsx, tableToPoints } from '../../src/core/io/formats/readers';

describe('XLSX import', () => {
  it('reads the first sheet with longitude/latitude columns into points', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['楼栋名称', '住户数', '小区', '经度', '纬度'],
      ['一号楼', 120, '朝阳雅居', 114.02, 22.55],
      ['二号楼', 80, '', 114.021, 22.551],
      ['坏行', 10, '', '', ''],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '楼栋');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const layer = readXlsx(bytes);
    expect(layer.table!.header).toEqual(['楼栋名称', '住户数', '小区', '经度', '纬度']);
    const { lon, lat } = guessLonLat(layer.table!.header);
    const { fc, bad } = tableToPoints(layer.table!, lon!, lat!);
    expect(bad).toEqual([2]); // the row without coordinates is kept and reported, not dropped
    expect(fc.features).toHaveLength(3);
    expect(fc.features[0]!.properties).toEqual({ 楼栋名称: '一号楼', 住户数: 120, 小区: '朝阳雅居' });
    expect((fc.features[1]!.geometry as GeoJSON.Point).coordinates).toEqual([114.021, 22.551]);
  });

  it('knows file types by name', async () => {
    expect(formatOf('a.GeoJSON')).toBe('geojson');
    expect(formatOf('楼栋.zip')).toBe('shapefile');
    expect(formatOf('x.xlsx')).toBe('xlsx');
    expect(formatOf('x.kml')).toBe('kml');
    await expect(readAny('x.dwg', new Uint8Array())).rejects.toThrow(/unknown file type/);
  });
});
