import fs from 'node:fs';
import path from 'node:path';

export type Question = 'Q1' | 'Q2' | 'Q3' | 'Q4';
export type Status = 'pass' | 'fail' | 'skip';

export const QUESTIONS: Record<Question, string> = {
  Q1: 'Can a compromise of the public site reach protected data?',
  Q2: 'Can one service impersonate another without detection?',
  Q3: 'Can staff access only what they need?',
  Q4: 'Can we prove who accessed health data during an incident?',
};

export interface CheckResult {
  id: string;
  question: Question;
  title: string;
  status: Status;
  /** What was observed: status codes, counts, reasons. Never secrets or answers. */
  evidence: string[];
}

export interface Report {
  startedAt: string;
  finishedAt: string;
  target: { cmsUrl: string; portalUrl: string; intakeUrl: string };
  ok: boolean;
  summary: { pass: number; fail: number; skip: number };
  checks: CheckResult[];
  /** Printed tables (Q3 matrix) and facts (Q4 chain head), kept in the JSON too. */
  tables: Record<string, string[][]>;
  facts: Record<string, string>;
}

export function summarize(checks: CheckResult[]): Report['summary'] {
  return {
    pass: checks.filter((c) => c.status === 'pass').length,
    fail: checks.filter((c) => c.status === 'fail').length,
    skip: checks.filter((c) => c.status === 'skip').length,
  };
}

export function formatTable(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ');
  const [head, ...body] = rows;
  if (!head) return [];
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-+-'), ...body.map(line)];
}

const MARK: Record<Status, string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

export function renderText(report: Report): string {
  const out: string[] = [];
  out.push(`Palisade verify — ${report.target.cmsUrl} (CMS), ${report.target.portalUrl} (portal), ${report.target.intakeUrl} (intake)`);
  for (const q of Object.keys(QUESTIONS) as Question[]) {
    out.push('', `${q}. ${QUESTIONS[q]}`);
    for (const c of report.checks.filter((x) => x.question === q)) {
      out.push(`  [${MARK[c.status]}] ${c.id} ${c.title}`);
      for (const e of c.evidence) out.push(`         ${e}`);
    }
    for (const [name, rows] of Object.entries(report.tables)) {
      if (!name.startsWith(q)) continue;
      out.push('', `  ${name.slice(q.length + 1)}:`, ...formatTable(rows).map((l) => `    ${l}`));
    }
    for (const [name, value] of Object.entries(report.facts)) if (name.startsWith(q)) out.push(`  ${name.slice(q.length + 1)}: ${value}`);
  }
  const s = report.summary;
  out.push('', `Summary: ${s.pass} passed, ${s.fail} failed, ${s.skip} skipped — ${report.ok ? 'OK' : 'FAILED'}`);
  return out.join('\n') + '\n';
}

export function writeJson(report: Report, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
}
