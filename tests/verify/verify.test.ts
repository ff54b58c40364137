import path from 'node:path';
import type { Stack } from '../helpers/stack';
import { startNodeStack } from '../drills/support/node-stack';
import { parseOptions } from './options';
import { renderText, writeJson, type Report } from './report';
import { runVerify } from './run';

const loopback = (url: string) => url.replace('www.localhost', '127.0.0.1').replace('patient.localhost', '127.0.0.1');

describe('npm run verify against a fresh stack', () => {
  let stack: Stack;
  let report: Report;

  beforeAll(async () => {
    stack = await startNodeStack();
    const options = parseOptions(
      ['--cms', loopback(stack.cmsUrl), '--portal', loopback(stack.portalUrl), '--intake', stack.intakeUrl, '--home', stack.home],
      stack.env,
    );
    report = await runVerify(options);
    writeJson(report, path.resolve(__dirname, '..', 'artifacts', 'verify-report.stack.json'));
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('passes every check, with one section per question', () => {
    const failed = report.checks.filter((c) => c.status !== 'pass');
    expect({ failed, text: failed.length ? renderText(report) : '' }).toEqual({ failed: [], text: '' });
    expect(new Set(report.checks.map((c) => c.question))).toEqual(new Set(['Q1', 'Q2', 'Q3', 'Q4']));
  });

  it('prints the role × clinic × action table', () => {
    expect(renderText(report)).toMatch(/role × clinic × action[\s\S]*clinician@riverside\s+\| riverside\s+\| yes/);
  });
});
