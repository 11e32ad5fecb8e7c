import { describe, expect, it } from 'vitest';
import { NOTE_TEMPLATES_EN, type NoteCode, type NoteParams, note } from '../../src/core/plan/notes';
import { noteText } from '../../src/i18n';

// One set of parameters that fills every template.
const params: NoteParams = {
  households: 3600,
  twoMin: 3000,
  min: 1500,
  max: 3500,
  perMax: '1.03',
  perMin: '2.40',
  k: 4,
  lo: 2,
  hi: 3,
  ks: '3–4',
  others: '3, 5',
  count: 2,
  parts: 2,
  compound: 'C9',
  compounds: 'C9, C10',
  unit: 'T-02',
  units: 'T-01, T-02',
  building: 'B9',
  buildings: 'B1, B2',
  failed: 3,
  total: 900,
  features: 'R12, R40',
  area: 120,
  x: '-40',
  y: '15',
  message: 'x',
  pieces: [
    { kind: 'compound', id: 'C1', households: 2000 },
    { kind: 'compound-part', id: 'C2', households: 900 },
    { kind: 'building', id: 'B7', households: 700 },
  ],
};
const codes = Object.keys(NOTE_TEMPLATES_EN) as NoteCode[];

describe('engine notes in the app', () => {
  it('say in English exactly what the engine says (the two catalogues stay in step)', () => {
    // Numbers are written plainly by the engine; give the app numbers under 1,000 to compare.
    const small: NoteParams = {
      ...params,
      households: 360,
      twoMin: 300,
      min: 150,
      max: 350,
      pieces: [
        { kind: 'compound', id: 'C1', households: 200 },
        { kind: 'compound-part', id: 'C2', households: 90 },
        { kind: 'building', id: 'B7', households: 70 },
      ],
    };
    for (const code of codes) expect(noteText('en', note(code, small))).toBe(note(code, small).text);
  });

  it('say every note in Chinese, with no English words or unfilled placeholders left', () => {
    for (const code of codes) {
      const text = noteText('zh-CN', note(code, params));
      expect(text).not.toMatch(/\{\w+\}/);
      if (code !== 'engine-message' && code !== 'internal-check') expect(text).not.toMatch(/[a-z]{3,}/);
    }
    expect(noteText('zh-CN', note('forced-group', params))).toBe(
      '小区 C1（2,000 户）、小区 C2 的一部分（900 户）、楼栋 B7（700 户）只能经由彼此连到社区其余部分，必须同属一个单元，合计 3,600 户，超过上限 3,500',
    );
  });
});
