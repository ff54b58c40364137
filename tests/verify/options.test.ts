import path from 'node:path';
import { parseOptions } from './options';
import { renderText, summarize, type CheckResult } from './report';

describe('verify options', () => {
  it('defaults to the development stack', () => {
    const o = parseOptions([], {});
    expect(o).toMatchObject({ cmsUrl: 'http://127.0.0.1:1337', portalUrl: 'http://127.0.0.1:4000', intakeUrl: 'http://127.0.0.1:4001/internal/intake' });
    expect(o.home).toBe(path.resolve(__dirname, '..', '..', '.palisade'));
    expect(o.reportPath).toBe(path.resolve(__dirname, '..', 'artifacts', 'verify-report.json'));
  });

  it('takes a deployment from flags or the environment', () => {
    const o = parseOptions(['--cms=https://www.example.org/', '--intake', 'http://10.0.0.5:4001', '--report', '/tmp/r.json'], { VERIFY_PORTAL_URL: 'https://patient.example.org' });
    expect(o).toMatchObject({ cmsUrl: 'https://www.example.org', portalUrl: 'https://patient.example.org', intakeUrl: 'http://10.0.0.5:4001/internal/intake', reportPath: '/tmp/r.json' });
  });

  it('refuses an unknown flag with the usage', () => {
    expect(() => parseOptions(['--portl', 'x'], {})).toThrow(/unknown argument "--portl"[\s\S]*npm run verify/);
  });
});

describe('verify report', () => {
  const check = (id: string, status: CheckResult['status']): CheckResult => ({ id, question: 'Q2', title: id, status, evidence: [`${id} evidence`] });

  it('fails when any check fails and says so in the summary line', () => {
    const checks = [check('Q2.1', 'pass'), check('Q2.2', 'fail'), check('Q2.3', 'skip')];
    const summary = summarize(checks);
    expect(summary).toEqual({ pass: 1, fail: 1, skip: 1 });
    const text = renderText({ startedAt: '', finishedAt: '', target: { cmsUrl: 'c', portalUrl: 'p', intakeUrl: 'i' }, ok: false, summary, checks, tables: {}, facts: {} });
    expect(text).toContain('[FAIL] Q2.2 Q2.2\n         Q2.2 evidence');
    expect(text).toMatch(/Summary: 1 passed, 1 failed, 1 skipped — FAILED\n$/);
    expect(text.indexOf('Q1. ')).toBeLessThan(text.indexOf('Q2. '));
  });
});
