import { testDatabases } from '../helpers/databases';
import { buildWorld, type World } from '../fhir/world';

interface VerifyBody {
  ok: boolean;
  count: number;
  lastSeq: number | null;
  reason: string | null;
  brokenAt: number | null;
  unchained: { count: number };
  checkpoint: { seq: number; head: string; at: string; kid: string; verified: boolean } | null;
}

describe.each(testDatabases())('audit log over the API with background chaining on $name', (database) => {
  let w: World;

  beforeAll(async () => {
    w = await buildWorld(database);
  }, 120_000);
  afterAll(async () => w?.close());

  const get = (url: string) => w.apps.staff.inject({ method: 'GET', url, headers: w.staff.auditor.headers });

  it('a search right after an audited read finds it, chained, newest first', async () => {
    const read = await w.apps.staff.inject({ method: 'GET', url: `/api/submissions/${w.submissionA}`, headers: w.staff.clinician.headers });
    expect(read.statusCode).toBe(200);
    const res = await get(`/api/audit?event=submission.read&resource=${encodeURIComponent(`submission:${w.submissionA}`)}`);
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { seq: string; actorId: string }[] }>().items;
    expect(items[0]?.actorId).toBe(w.staff.clinician.staffId);
    expect(items.every((i) => /^\d+$/.test(i.seq))).toBe(true);
  });

  it('verify reports the signed checkpoint, and names rows cut off after it', async () => {
    const first = (await get('/api/audit/verify')).json<VerifyBody>();
    expect(first).toMatchObject({ ok: true, unchained: { count: 0 } });

    await w.apps.staff.auditChain.flush();
    const cp = await w.apps.staff.auditChain.checkpoint();
    expect(cp).not.toBeNull();
    const second = (await get('/api/audit/verify')).json<VerifyBody>();
    expect(second).toMatchObject({ ok: true, checkpoint: { seq: cp?.seq, head: cp?.head, kid: cp?.kid, verified: true } });

    // A superuser drops the newest rows (the checkpoint's among them), triggers off. Flushed first so no
    // pending row gets chained onto the shortened chain (that would show as checkpoint-rewritten instead).
    await w.apps.staff.auditChain.flush();
    await w.apps.dbs.owner.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(`DELETE FROM audit_events WHERE seq >= $1`, [cp?.seq]);
    });
    const third = (await get('/api/audit/verify')).json<VerifyBody>();
    expect(third).toMatchObject({ ok: false, reason: 'checkpoint-truncated', brokenAt: cp?.seq, checkpoint: { seq: cp?.seq, verified: false } });
  });
});
