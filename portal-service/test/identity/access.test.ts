import Fastify, { type FastifyPluginAsync } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import appPlugins from '../../src/plugins/app';
import { compileAccessPolicy } from '../../src/access/policy';
import { defaultRules } from '../../src/access/rules';
import { SubmissionRepository } from '../../src/access/submission-repository';
import { withAccessControl } from '../../src/routes/staff-api';
import { testDatabases } from '../helpers/databases';
import { addSubmission, as, auditRows, seedStaff, seedWorld, signIn, startHarness, type Browser, type Harness, type World } from './harness';

describe.each(testDatabases())('authorization on $name', (database) => {
  let h: Harness;
  let w: World;
  let clinicianA: Browser;
  let frontDeskA: Browser;
  let admin: Browser;
  let auditor: Browser;
  let clinicianAId: string;

  beforeAll(async () => {
    h = await startHarness(database);
    w = await seedWorld(h);
    const c = await seedStaff(h, { email: 'clin.a@clinic.test', roles: [{ role: 'clinician', clinicId: w.clinicA }] });
    clinicianAId = c.id;
    clinicianA = await signIn(h, c);
    frontDeskA = await signIn(h, await seedStaff(h, { email: 'desk.a@clinic.test', roles: [{ role: 'front-desk', clinicId: w.clinicA }] }));
    admin = await signIn(h, await seedStaff(h, { email: 'admin@clinic.test', roles: [{ role: 'admin', clinicId: null }] }));
    auditor = await signIn(h, await seedStaff(h, { email: 'audit@clinic.test', roles: [{ role: 'auditor', clinicId: null }] }));
  });
  afterAll(() => h.close());

  const get = (b: Browser, url: string) => h.app.inject({ method: 'GET', url, ...as(b) });

  it('lists only the clinician\'s clinic, metadata only, unread until opened', async () => {
    const res = await get(clinicianA, '/api/submissions');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    expect(items.map((i) => i.id)).toEqual([w.submissionA]);
    expect(Object.keys(items[0] as object).sort()).toEqual(['assigneeId', 'clinicId', 'form', 'id', 'receivedAt', 'status', 'unread']);
    expect(items[0]).toMatchObject({ unread: true, status: 'new', form: 'intake-a' });
    expect(res.body).not.toContain('migraine');
  });

  it('answers 404, not 403, for another clinic\'s submission on GET and PATCH', async () => {
    expect((await get(clinicianA, `/api/submissions/${w.submissionB}`)).statusCode).toBe(404);
    const patch = await h.app.inject({ method: 'PATCH', url: `/api/submissions/${w.submissionB}`, payload: { status: 'done' }, ...as(clinicianA) });
    expect(patch.statusCode).toBe(404);
    const row = await h.db.dbs.owner.query<{ status: string }>(`SELECT status FROM submissions WHERE id = $1`, [w.submissionB]);
    expect(row.rows[0]?.status).toBe('new');
    // Asking for the other clinic by filter yields nothing rather than an error.
    const list = await get(clinicianA, `/api/submissions?clinic=${w.clinicB}`);
    expect(list.json().items).toEqual([]);
  });

  it('shows a clinician every field in form order, decrypted at view time, and marks it read', async () => {
    const res = await get(clinicianA, `/api/submissions/${w.submissionA}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json().fields).toEqual([
      { key: 'name', label: 'Full name', value: 'Ada Lovelace' },
      { key: 'phone', label: 'Phone', value: '555-0100' },
      { key: 'symptoms', label: 'Symptoms', value: 'migraine' },
    ]);
    const list = await get(clinicianA, '/api/submissions');
    expect(list.json().items[0]).toMatchObject({ id: w.submissionA, unread: false });
  });

  it('masks non-contact fields for front desk', async () => {
    const res = await get(frontDeskA, `/api/submissions/${w.submissionA}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().fields).toEqual([
      { key: 'name', label: 'Full name', value: 'Ada Lovelace' },
      { key: 'phone', label: 'Phone', value: '555-0100' },
      { key: 'symptoms', label: 'Symptoms', masked: true, reason: 'hidden for your role' },
    ]);
    expect(res.body).not.toContain('migraine');
  });

  it('lets neither an admin without a clinical role nor an auditor read or list answers', async () => {
    for (const b of [admin, auditor]) {
      expect((await get(b, `/api/submissions/${w.submissionA}`)).statusCode).toBe(403);
      expect((await get(b, '/api/submissions')).statusCode).toBe(403);
    }
    const denied = await auditRows(h, 'access.denied');
    expect(denied.some((r) => (r.detail as { reason: string }).reason === 'not-permitted:submission:read')).toBe(true);
  });

  it('lets only auditors search the audit log, and audits the search', async () => {
    expect((await get(clinicianA, '/api/audit')).statusCode).toBe(403);
    expect((await get(admin, '/api/audit')).statusCode).toBe(403);
    const res = await get(auditor, `/api/audit?event=submission.read`);
    expect(res.statusCode).toBe(200);
    expect((res.json().items as { event: string }[]).every((i) => i.event === 'submission.read')).toBe(true);
    expect((await auditRows(h, 'audit.search')).length).toBeGreaterThan(0);
  });

  it('lets auditors verify the whole audit chain over the API, and records that they did', async () => {
    expect((await get(clinicianA, '/api/audit/verify')).statusCode).toBe(403);
    expect((await get(admin, '/api/audit/verify')).statusCode).toBe(403);
    const res = await get(auditor, '/api/audit/verify');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { ok: boolean; count: number; head: string; lastSeq: number; brokenAt: null };
    expect(body).toMatchObject({ ok: true, brokenAt: null });
    expect(body.count).toBe(body.lastSeq);
    expect(body.head).toMatch(/^[0-9a-f]{64}$/);
    expect((await auditRows(h, 'audit.verify')).length).toBe(1);
  });

  it('writes a submission.read row for every read, naming who, which submission, clinic, ip and request — never the answers', async () => {
    const before = (await auditRows(h, 'submission.read')).length;
    await get(clinicianA, `/api/submissions/${w.submissionA}`);
    await get(frontDeskA, `/api/submissions/${w.submissionA}`);
    const rows = (await auditRows(h, 'submission.read')).slice(before);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r).toMatchObject({ outcome: 'success', resource_type: 'submission', resource_id: w.submissionA, clinic_id: w.clinicA, service: 'portal-staff', action: 'R' });
      expect(r.ip).toBeTruthy();
      expect(r.request_id).toBeTruthy();
    }
    expect(rows[0]?.actor_id).toBe(clinicianAId);
    const all = JSON.stringify(await auditRows(h));
    for (const secret of ['Ada Lovelace', '555-0100', 'migraine']) expect(all).not.toContain(secret);
  });

  it('updates status and assignee within the clinic, refuses an assignee from elsewhere, audits the change', async () => {
    const ok = await h.app.inject({ method: 'PATCH', url: `/api/submissions/${w.submissionA}`, payload: { status: 'in-review', assigneeId: clinicianAId }, ...as(clinicianA) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'in-review', assigneeId: clinicianAId });
    const outsider = await seedStaff(h, { email: 'clin.b@clinic.test', roles: [{ role: 'clinician', clinicId: w.clinicB }] });
    const bad = await h.app.inject({ method: 'PATCH', url: `/api/submissions/${w.submissionA}`, payload: { assigneeId: outsider.id }, ...as(clinicianA) });
    expect(bad.statusCode).toBe(400);
    expect((await auditRows(h, 'submission.update')).at(-1)).toMatchObject({ resource_id: w.submissionA, outcome: 'success', detail: { fields: ['status', 'assigneeId'], status: 'in-review' } });
  });

  it('counts new and unread submissions only for the clinics the policy lists', async () => {
    const repo = new SubmissionRepository({ db: h.db.dbs.app, audit: h.app.identity.options.audit, keys: h.app.identity.options.keys }, compileAccessPolicy({ staffId: clinicianAId, grants: [{ role: 'clinician', clinicId: w.clinicA }] }), {});
    await addSubmission(h, { form: 'intake-a', clinicId: w.clinicA, answers: { name: 'counted' } });
    const expected = await h.db.dbs.owner.query<{ n: unknown }>(`SELECT count(*) AS n FROM submissions WHERE clinic_id = $1 AND status = 'new'`, [w.clinicA]);
    const counts = await repo.counts();
    expect(counts.map((c) => c.clinicId)).toEqual([w.clinicA]);
    expect(counts[0]?.newCount).toBe(Number(expected.rows[0]?.n));
    expect(counts[0]?.newCount).toBeGreaterThan(0);
  });

  it('has row-level security as a second wall: with the policy\'s clinics set, even an unfiltered query sees only them', async () => {
    const policy = compileAccessPolicy({ staffId: clinicianAId, grants: [{ role: 'clinician', clinicId: w.clinicA }] });
    const seen = await h.db.dbs.app.transaction((tx) => tx.query<{ clinic_id: string }>('SELECT DISTINCT clinic_id FROM submissions'), { clinicIds: policy.clinicsFor('submission:read') });
    expect(seen.rows.map((r) => r.clinic_id)).toEqual([w.clinicA]);
    const none = await h.db.dbs.app.transaction((tx) => tx.query('SELECT id FROM submissions'));
    expect(none.rows).toEqual([]);
  });

  it('filters and pages the inbox with an opaque cursor', async () => {
    const base = new Date('2031-02-01T00:00:00Z').getTime();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push(await addSubmission(h, { form: 'intake-a', clinicId: w.clinicA, answers: { name: `p${i}` }, receivedAt: new Date(base + i * 1000) }));
    const expected = await h.db.dbs.owner.query<{ id: string }>(`SELECT id FROM submissions WHERE clinic_id = $1 AND status = 'new' ORDER BY received_at DESC, id DESC`, [w.clinicA]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(clinicianA, `/api/submissions?status=new&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: { id: string; receivedAt: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected.rows.map((r) => r.id));
    expect(seen).toEqual(expect.arrayContaining(created));
    const ranged = await get(clinicianA, `/api/submissions?from=${new Date(base + 2000).toISOString()}&to=${new Date(base + 4000).toISOString()}`);
    expect(ranged.json().items).toHaveLength(2);
    expect((await get(clinicianA, '/api/submissions?cursor=not-a-cursor')).statusCode).toBe(400);
  });
});

describe.each(testDatabases())('deny by default on $name', (database) => {
  it('refuses a staff route that declares no access rule', async () => {
    const h = await startHarness(database);
    try {
      const routes: FastifyPluginAsync = async (app) => {
        app.get('/api/forgotten', async () => ({ leaked: true }));
      };
      await h.app.close();
      // A fresh app with one extra route registered the way staff-api registers its own.
      const app = Fastify();
      app.setValidatorCompiler(validatorCompiler);
      app.setSerializerCompiler(serializerCompiler);
      await app.register(appPlugins, { identity: h.app.identity.options });
      await app.register(withAccessControl(routes));
      const res = await app.inject({ method: 'GET', url: '/api/forgotten' });
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain('leaked');
      await app.close();
    } finally {
      await h.db.cleanup();
    }
  });

  it('denies when an access rule throws, for the route that depends on it', async () => {
    const h = await startHarness(database, {
      rules: {
        ...defaultRules,
        'submission:read': () => {
          throw new Error('rule bug');
        },
      },
    });
    try {
      const w = await seedWorld(h);
      const b = await signIn(h, await seedStaff(h, { email: 'c@clinic.test', roles: [{ role: 'clinician', clinicId: w.clinicA }] }));
      expect((await h.app.inject({ method: 'GET', url: `/api/submissions/${w.submissionA}`, ...as(b) })).statusCode).toBe(403);
      expect((await h.app.inject({ method: 'GET', url: '/api/submissions', ...as(b) })).statusCode).toBe(200);
    } finally {
      await h.close();
    }
  });
});
