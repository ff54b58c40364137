import type { Stack } from '../helpers/stack';
import { startNodeStack } from './support/node-stack';
import { fetchKeySet, postToCms, sealTo } from './support/envelopes';
import { portalCli } from './support/portal-cli';
import { createDrillDatabase, type DrillDatabase } from './support/postgres';
import { eventually, signInAs } from './support/staff';

/**
 * Drill: the intake key is rotated while submissions flow. Rows sealed to the
 * previous kid still open; the key set (and so the widget) moves to the new
 * kid; the old kid can be retired only once its rows have been read. The
 * portal runs on PostgreSQL here so the CLI can act while it serves.
 */
describe('drill: intake key rotated mid-traffic', () => {
  let stack: Stack;
  let db: DrillDatabase;

  beforeAll(async () => {
    db = await createDrillDatabase('drill_rotation');
    stack = await startNodeStack({ DATABASE_URL: db.url, CMS_KEYSET_CACHE_SECONDS: '1', CMS_OUTBOX_SWEEP_CRON: '*/2 * * * * *' });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('keeps old-kid rows readable, moves new seals to the new kid, and retires the old kid only after its rows are read', async () => {
    const before = await fetchKeySet(stack.portalUrl);
    const oldKid = before.payload.current;
    const sealedEarly = await sealTo(before, 'new-patient-intake', { reasonForVisit: 'sealed before the rotation' });

    const rotated = await portalCli(stack, ['keys', 'rotate']);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout + rotated.stderr).not.toMatch(/PRIVATE KEY|private_wrapped/i);

    const after = await eventually(20_000, async () => {
      const doc = await fetchKeySet(stack.portalUrl);
      return doc.payload.current !== oldKid ? doc : undefined;
    }, 'the key set to name a new current kid');
    expect(after.payload.keys.map((k) => k.kid)).toContain(oldKid);

    // In flight during the rotation: sealed to the old kid, sent after it.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await postToCms(stack.cmsUrl, JSON.stringify(sealedEarly))).status).toBe(202);
    // What the widget does next: fetch the key set, seal to its current kid.
    const sealedLate = await sealTo(after, 'new-patient-intake', { reasonForVisit: 'sealed after the rotation' });
    expect(sealedLate.kid).not.toBe(oldKid);
    expect((await postToCms(stack.cmsUrl, JSON.stringify(sealedLate))).status).toBe(202);

    const clinician = await signInAs(stack, 'clinician@riverside');
    await eventually(30_000, async () => {
      const res = await clinician.call('GET', '/api/submissions?limit=100');
      const ids = ((res.body as { items?: Array<{ id: string }> }).items ?? []).map((i) => i.id);
      return ids.includes(sealedEarly.id) && ids.includes(sealedLate.id) ? true : undefined;
    }, 'both submissions to arrive');

    // Unread old-kid row: retiring must be refused.
    const early = await portalCli(stack, ['keys', 'retire', oldKid]);
    expect(early.code).not.toBe(0);
    // The portal's rule is stricter than "read": the rows must be handled (status done).
    expect(early.stdout + early.stderr).toMatch(/unread|not (yet )?(read|done)|still/i);

    // Reading opens it with the old key; once handled, retirement is allowed.
    const read = await clinician.call('GET', `/api/submissions/${sealedEarly.id}`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).toContain('sealed before the rotation');
    expect((await clinician.call('GET', `/api/submissions/${sealedLate.id}`)).status).toBe(200);
    expect((await clinician.call('PATCH', `/api/submissions/${sealedEarly.id}`, { status: 'done' })).status).toBe(200);
    const retired = await portalCli(stack, ['keys', 'retire', oldKid]);
    expect(retired.code).toBe(0);

    // Once retired, the CMS no longer accepts envelopes sealed to it.
    await eventually(20_000, async () => ((await fetchKeySet(stack.portalUrl)).payload.keys.some((k) => k.kid === oldKid) ? undefined : true), 'the old kid to leave the key set');
    // The CMS re-reads the key set after its cache (1 s here) and at most every 5 s
    // (a floor that keeps random kids from driving it to hammer the portal).
    await new Promise((r) => setTimeout(r, 7000));
    const stale = await sealTo(before, 'new-patient-intake', { reasonForVisit: 'too late' });
    expect((await postToCms(stack.cmsUrl, JSON.stringify(stale))).status).toBe(400);
  }, 240_000);
});
