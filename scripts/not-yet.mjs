#!/usr/bin/env node
// Placeholder for commands whose issues have not landed yet; it fails loudly
// rather than pretending to have measured or verified anything.
const name = process.argv[2] ?? 'this command';
process.stderr.write(`npm run ${name} is not implemented yet (see the open issues: \`issues list\`).\n`);
process.exit(2);
