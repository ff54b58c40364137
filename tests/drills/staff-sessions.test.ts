import type { Stack } from '../helpers/stack';
import { startPortalOnly } from './support/portal-only';
import { field } from '../verify/http';
import { devAccount, signInAs, sleep } from './support/staff';

/**
 * Drills on staff sessions: an expired one, a revoked one, one stolen and
 * replayed after logout, and a deactivated member with a live session.
 * Idle timeout shortened to 4 s for this stack only.
 */
describe('drill: staff sessions', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startPortalOnly({ PORTAL_SESSION_IDLE_SECONDS: '4' });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a session idle past the timeout', async () => {
    const s = await signInAs(stack, 'auditor');
    expect((await s.call('GET', '/api/me')).status).toBe(200);
    await sleep(5500);
    expect((await s.call('GET', '/api/me')).status).toBe(401);
  }, 60_000);

  it('refuses a revoked session: a cookie stolen and replayed after its owner logged out', async () => {
    const owner = await signInAs(stack, 'clinician@hillcrest');
    const stolen = owner.sessionCookie;
    expect(stolen).toMatch(/^__Host-palisade_session=/);
    expect((await owner.call('POST', '/api/auth/logout')).status).toBe(204);
    const thief = await signInAs(stack, 'clinician@hillcrest').catch(() => owner);
    thief.sessionCookie = stolen;
    expect((await thief.call('GET', '/api/me')).status).toBe(401);
    expect((await thief.call('GET', '/api/submissions')).status).toBe(401);
  }, 60_000);

  it('refuses a deactivated member at once, even with a live session', async () => {
    const admin = await signInAs(stack, 'admin');
    const clinician = await signInAs(stack, 'clinician@riverside');
    expect((await clinician.call('GET', '/api/submissions')).status).toBe(200);
    const staff = await admin.call('GET', '/api/admin/staff');
    const items = (field(staff.body, 'items') as Array<{ id: string; email: string }>) ?? [];
    const target = items.find((i) => i.email === devAccount(stack, 'clinician@riverside').email);
    expect(target).toBeDefined();
    expect((await admin.call('PATCH', `/api/admin/staff/${target!.id}`, { active: false })).status).toBe(200);
    // At once: the very next request with the still-held cookie is refused.
    expect((await clinician.call('GET', '/api/submissions')).status).toBe(401);
    expect((await clinician.call('GET', '/api/me')).status).toBe(401);
    // And the deactivated member cannot sign in again.
    await expect(signInAs(stack, 'clinician@riverside')).rejects.toThrow(/login .* answered (401|403|423)/);
  }, 60_000);
});
