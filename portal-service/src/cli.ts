#!/usr/bin/env node
import { Command } from 'commander';
import { portalCommands } from './cli/index';
import { CliError } from './cli/context';

/** `npm run portal -- <command>`: operator commands on the health database. */
async function main(argv: string[]): Promise<void> {
  const program = new Command('palisade-portal').description('Palisade portal administration').showHelpAfterError();
  for (const command of portalCommands()) program.addCommand(command);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    // Operator mistakes print their message; anything else prints its type only (a database
    // error's detail can quote row values).
    const message = err instanceof CliError ? err.message : `failed: ${err instanceof Error ? err.name : 'error'}${(err as { code?: string }).code ? ` (${(err as { code?: string }).code})` : ''}`;
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  }
}

void main(process.argv);
