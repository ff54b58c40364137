import { toCsv } from './csv';
import { suppressSmallGroups } from './k-anonymity';
import { createExportTokenizer } from './token';

const rows = (n: number, values: Record<string, string>) => Array.from({ length: n }, () => ({ ...values }));

describe('suppressSmallGroups', () => {
  it('removes every quasi-identifier group smaller than k and keeps groups of exactly k', () => {
    const data = [...rows(11, { month: '2026-03', smoker: 'No' }), ...rows(10, { month: '2026-03', smoker: 'Yes' }), ...rows(1, { month: '2026-04', smoker: 'No' })];
    const result = suppressSmallGroups(data, ['month', 'smoker'], 11);
    expect(result.kept).toHaveLength(11);
    expect(result.kept.every((r) => r.smoker === 'No' && r.month === '2026-03')).toBe(true);
    expect(result.suppressed).toBe(11);
    expect(result.groups).toBe(1);
  });

  it('counts a missing value as its own value and honours a configured k', () => {
    const data = [...rows(3, { month: '2026-03' }), ...rows(2, { month: '2026-03', smoker: 'No' })];
    expect(suppressSmallGroups(data, ['month', 'smoker'], 3).kept).toHaveLength(3);
    expect(suppressSmallGroups(data, ['month', 'smoker'], 2).kept).toHaveLength(5);
    expect(() => suppressSmallGroups(data, ['month'], 0)).toThrow(RangeError);
  });
});

describe('export tokens', () => {
  it('are stable within one export and differ between exports', () => {
    const id = '6f1c2a40-1b7e-4c1d-9a55-0c3f1f0b2e11';
    const a = createExportTokenizer();
    const b = createExportTokenizer();
    expect(a(id)).toBe(a(id));
    expect(a(id)).not.toBe(b(id));
    expect(a(id)).not.toContain(id.slice(0, 8));
  });
});

describe('toCsv', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas', () => {
    const csv = toCsv(['a', 'b'], [{ a: 'x,"y"', b: '=HYPERLINK("http://evil")' }, { a: undefined, b: 'line\nbreak' }]);
    expect(csv).toBe('a,b\r\n"x,""y""","\'=HYPERLINK(""http://evil"")"\r\n,"line\nbreak"\r\n');
  });
});
