import './cms';
import './portal';
import { allVariables, type Owner } from './define';

const owners: Record<Owner, string> = { all: 'all processes', cms: 'CMS', portal: 'portal' };

/** The README's configuration table; a test checks the README holds exactly this. */
export function renderMarkdownTable(): string {
  const rows = allVariables().map(
    (v) => `| \`${v.name}\` | ${owners[v.owner]} | ${v.defaultText ? `\`${v.defaultText}\`` : '(unset)'} | ${v.doc}${v.secret ? ' Secret.' : ''} |`,
  );
  return ['| variable | read by | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/** .env.example: every variable, commented out, with its meaning and default. */
export function renderEnvExample(): string {
  const lines = ['# Palisade configuration. Every variable is optional in development; see README "Configuration".', ''];
  for (const v of allVariables()) {
    lines.push(`# ${v.doc}${v.defaultText ? ` Default: ${v.defaultText}.` : ''}`);
    lines.push(`# ${v.name}=`);
    lines.push('');
  }
  return lines.join('\n');
}
