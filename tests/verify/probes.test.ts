import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProbes, probeLabel } from './probes';

describe('loadProbes', () => {
  it("reads the portal's development accounts file", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'probes-')), 'dev-staff.json');
    const account = (handle: string, role: string, clinic: string | null) => ({
      handle,
      email: `${handle.replace('@', '.')}@example.test`,
      name: handle,
      roles: [{ role, clinic }],
      password: 'pw-not-used',
      totpSecret: 'JBSWY3DPEHPK3PXP',
      otpauthUri: 'otpauth://totp/x',
      recoveryCodes: [],
    });
    fs.writeFileSync(
      file,
      JSON.stringify({
        note: 'dev',
        portalUrl: 'http://patient.localhost:4000/',
        createdAt: '2026-12-04T00:00:00Z',
        accounts: [account('admin', 'admin', null), account('frontdesk@riverside', 'front-desk', 'riverside'), account('auditor', 'auditor', null)],
      }),
    );
    const probes = loadProbes(file);
    expect(probes.map(probeLabel)).toEqual(['admin', 'front-desk@riverside', 'auditor']);
    expect(probes[1]).toMatchObject({ role: 'front-desk', clinic: 'riverside', totpSecret: 'JBSWY3DPEHPK3PXP' });
  });
});
