import type { Command } from 'commander';
import { auditCommand } from './audit';
import { backupCommand } from './backup';
import type { CliEnv } from './context';
import { createClinicCommand } from './create-clinic';
import { createStaffCommand } from './create-staff';
import { ehrCommand } from './ehr';
import { exportCommand } from './export';
import { formsCommand } from './forms';
import { keysCommand } from './keys';
import { migrateCommand } from './migrate';
import { restoreCommand } from './restore';

/**
 * Every `npm run portal -- <command>`: one file per command under src/cli/,
 * each exporting a factory. Add new commands here (create-staff, backup and
 * restore come from their own work and are appended the same way).
 */
export function portalCommands(env: CliEnv = {}): Command[] {
  return [migrateCommand(env), createClinicCommand(env), createStaffCommand(env), formsCommand(env), keysCommand(env), auditCommand(env), backupCommand(env), restoreCommand(env), exportCommand(env), ehrCommand(env)];
}
