import fs from 'node:fs';

/**
 * Summarises a V8 .cpuprofile (from --cpu-prof): self time by function and by
 * package, so docs/BENCHMARKS.md can say where a slow row spends its time.
 * Usage: node bench/dist/tools/profile-top.js <file.cpuprofile> [top]
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1] as string;
  if (url.includes('/plugins/secure-forms/')) return 'secure-forms plugin';
  if (url.includes('/plugins/hardening/')) return 'hardening plugin';
  if (url.includes('/protocol/')) return '@palisade/protocol';
  if (url.startsWith('node:') || url === '') return url === '' ? '(native/gc/idle)' : 'node core';
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('give a .cpuprofile file');
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const name = n.callFrame.functionName || '(anonymous)';
    if (name === '(idle)' || name === '(program)') continue;
    const key = `${name} ${packageOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    pkg.set(packageOf(n.callFrame.url), (pkg.get(packageOf(n.callFrame.url)) ?? 0) + us);
  }
  const top = Number(topArg ?? 25);
  const pct = (us: number) => `${((100 * us) / total).toFixed(1)}%`;
  const lines = [`total sampled ${(total / 1e6).toFixed(1)} s`, '', 'by package (self time):'];
  for (const [k, v] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v).padStart(6)}  ${k}`);
  lines.push('', 'by function (self time):');
  for (const [k, v] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v).padStart(6)}  ${k}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
