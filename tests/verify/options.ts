import path from 'node:path';

export interface VerifyOptions {
  cmsUrl: string;
  portalUrl: string;
  intakeUrl: string;
  /** PALISADE_HOME of the deployment, when the probe runs beside it (development): CMS secrets, DB file, uploads. */
  home?: string;
  /** Probe accounts file (see probes.ts); default `$home/dev-staff.json`. */
  probesFile?: string;
  /** Environment the CMS runs with, to load its configuration (credentials, DB) exactly as it does. */
  cmsEnv: Record<string, string | undefined>;
  reportPath: string;
  /** How long to wait for the CMS to deliver the probe submission to the portal. */
  deliveryTimeoutMs: number;
}

const repoRoot = path.resolve(__dirname, '..', '..');
const flagNames = ['cms', 'portal', 'intake', 'home', 'probes', 'report', 'delivery-timeout'] as const;
type Flag = (typeof flagNames)[number];

export const USAGE = `npm run verify -- [--cms URL] [--portal URL] [--intake URL] [--home DIR] [--probes FILE] [--report FILE]
  Defaults: the development stack (http://127.0.0.1:1337, :4000, :4001/internal/intake, <repo>/.palisade).
  Environment: VERIFY_CMS_URL, VERIFY_PORTAL_URL, VERIFY_INTAKE_URL, PALISADE_HOME, VERIFY_PROBES, VERIFY_REPORT.`;

export function parseOptions(argv: readonly string[], env: Record<string, string | undefined>): VerifyOptions {
  const flags: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const name = m?.[1] as Flag | undefined;
    if (!m || !name || !flagNames.includes(name)) throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    flags[name] = value;
  }
  const home = flags.home ?? env.PALISADE_HOME ?? path.join(repoRoot, '.palisade');
  const intake = flags.intake ?? env.VERIFY_INTAKE_URL ?? env.CMS_PORTAL_INTAKE_URL ?? 'http://127.0.0.1:4001/internal/intake';
  return {
    cmsUrl: strip(flags.cms ?? env.VERIFY_CMS_URL ?? 'http://127.0.0.1:1337'),
    portalUrl: strip(flags.portal ?? env.VERIFY_PORTAL_URL ?? 'http://127.0.0.1:4000'),
    intakeUrl: intake.endsWith('/internal/intake') ? intake : `${strip(intake)}/internal/intake`,
    home,
    probesFile: flags.probes ?? env.VERIFY_PROBES ?? path.join(home, 'dev-staff.json'),
    cmsEnv: { ...env, PALISADE_HOME: home },
    reportPath: path.resolve(flags.report ?? env.VERIFY_REPORT ?? path.join(repoRoot, 'tests', 'artifacts', 'verify-report.json')),
    deliveryTimeoutMs: Number(flags['delivery-timeout'] ?? 30_000),
  };
}

function strip(url: string): string {
  return url.replace(/\/+$/, '');
}
