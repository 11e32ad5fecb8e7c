import { describe, expect, it } from 'vitest';
import { fillTemplate, note } from '../../src/core/plan/notes';

describe('plan notes', () => {
  it('renders the English text from the code and parameters, piece lists written out', () => {
    const n = note('forced-group', {
      pieces: [
        { kind: 'compound', id: 'C1', households: 2000 },
        { kind: 'compound-part', id: 'C2', households: 900 },
        { kind: 'building', id: 'B7', households: 700 },
      ],
      households: 3600,
      max: 3500,
    });
    expect(n.code).toBe('forced-group');
    expect(n.text).toBe(
      'compound C1 (2000), part of compound C2 (900), building B7 (700) can only reach the rest of the community through each other, so they must share one unit of 3600 households, over the maximum 3500',
    );
  });

  it('leaves a placeholder without a parameter visible instead of inventing a value', () => {
    expect(fillTemplate('{a} and {b}', { a: 1 }, () => '')).toBe('1 and {b}');
  });

  it('formats numbers with the given formatter (for the locale)', () => {
    expect(
      fillTemplate(
        '{n} 户',
        { n: 12345 },
        () => '',
        (v) => v.toLocaleString('en'),
      ),
    ).toBe('12,345 户');
  });
});
