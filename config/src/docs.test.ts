import fs from 'node:fs';
import path from 'node:path';
import { renderEnvExample, renderMarkdownTable } from './docs';
import { repoRoot } from './paths';

// The documented configuration must be the configuration the code reads.
describe('configuration docs', () => {
  it('README holds the generated table (run `npm run docs` after changing config/)', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const section = /<!-- config:start -->\n([\s\S]*)\n<!-- config:end -->/.exec(readme)?.[1];
    expect(section).toBe(renderMarkdownTable());
  });

  it('.env.example lists every variable', () => {
    expect(fs.readFileSync(path.join(repoRoot, '.env.example'), 'utf8')).toBe(renderEnvExample());
  });
});
