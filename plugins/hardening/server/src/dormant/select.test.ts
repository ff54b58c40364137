import { latest, planDormant, type AdminActivity } from './select';

const now = new Date('2026-09-01T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
const admin = (id: number, idleDays: number, isSuperAdmin = false): AdminActivity => ({ id, email: `a${id}@x`, isSuperAdmin, lastActivityAt: daysAgo(idleDays) });

describe('planDormant', () => {
  it('picks accounts and tokens idle for longer than the period', () => {
    const plan = planDormant([admin(1, 10, true), admin(2, 91), admin(3, 89)], [{ id: 7, name: 'old', kind: 'content-api', lastActivityAt: daysAgo(120) }, { id: 8, name: 'used', kind: 'admin', lastActivityAt: daysAgo(5) }], now, 90);
    expect(plan.cutoff).toBe(daysAgo(90));
    expect(plan.admins.map((a) => [a.id, a.action])).toEqual([[2, 'deactivate']]);
    expect(plan.tokens.map((t) => t.id)).toEqual([7]);
  });

  it('never deactivates the last active super admin', () => {
    const plan = planDormant([admin(1, 200, true), admin(2, 100, true), admin(3, 300)], [], now, 90);
    expect(plan.admins.map((a) => [a.id, a.action])).toEqual([
      [1, 'deactivate'],
      [2, 'keep-last-super-admin'],
      [3, 'deactivate'],
    ]);
  });

  it('takes the latest of several dates', () => {
    expect(latest('2026-01-01T00:00:00Z', null, new Date('2026-02-01T00:00:00Z'), undefined)).toBe('2026-02-01T00:00:00.000Z');
  });
});
