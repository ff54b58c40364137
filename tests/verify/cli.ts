import { parseOptions } from './options';
import { renderText, writeJson } from './report';
import { runVerify } from './run';

/** `npm run verify`: prints the report, writes it as JSON, exits 1 on any failed check (2 on a usage error). */
async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const report = await runVerify(options);
  process.stdout.write(renderText(report));
  writeJson(report, options.reportPath);
  process.stdout.write(`JSON report: ${options.reportPath}\n`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`verify could not run: ${(err as Error).message}\n`);
    process.exit(2);
  },
);
