import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

/**
 * The baselines of rows 2 and 4: bare Fastify routes over node-postgres on the
 * portal's own database, doing only the database work: the same submissions
 * row inserted, and plain indexed SELECTs of the rows the staff API returns.
 * No signature, no decryption, no authorization, no audit: the floor. Row 4
 * also measures an audited floor (the SELECT plus one audit INSERT, committed). The insert
 * is idempotent like the portal's, so a repeated id is not an error.
 */
/** The same row the portal stores; idempotent like the portal's insert. */
const INSERT_SUBMISSION = `INSERT INTO submissions (id, form_slug, clinic_id, kid, ciphertext, digest, received_at, received_by, receipt, retention_until)
  SELECT $1, f.slug, f.clinic_id, $3, $4, $5, now(), 'bench', $6::jsonb, now() + make_interval(days => f.retention_days)
  FROM forms f WHERE f.slug = $2
  ON CONFLICT (id) DO NOTHING`;
const submissionParams = (e: { id: string; form: string; kid: string; ct: string }) => [e.id, e.form, e.kid, Buffer.from(e.ct, 'base64url'), 'sha256:bench', JSON.stringify({ id: e.id })];

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  const port = Number(process.env.BENCH_PORT);
  if (!url || !port) throw new Error('BENCH_DATABASE_URL and BENCH_PORT are required');
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.BENCH_POOL_MAX ?? 10) });
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

  app.get('/healthz', async () => ({ ok: true }));

  app.post<{ Body: { id: string; form: string; kid: string; ct: string } }>('/bare/intake', async (request, reply) => {
    const e = request.body;
    await pool.query(INSERT_SUBMISSION, submissionParams(e));
    return reply.code(201).send({ id: e.id });
  });

  app.get<{ Querystring: { clinic: string } }>('/bare/inbox', async (request) => {
    const { rows } = await pool.query(
      `SELECT id, form_slug, clinic_id, received_at, status, assignee_id FROM submissions
       WHERE clinic_id = $1 ORDER BY received_at DESC, id DESC LIMIT 50`,
      [request.query.clinic],
    );
    return { items: rows };
  });

  app.get<{ Params: { id: string } }>('/bare/view/:id', async (request) => {
    const { rows } = await pool.query(`SELECT * FROM submissions WHERE id = $1`, [request.params.id]);
    const row = rows[0] as { ciphertext: Buffer } | undefined;
    return row ? { ...row, ciphertext: row.ciphertext.toString('base64url') } : {};
  });

  // The audited floor: the same SELECT plus one audit-row INSERT, committed
  // together. Every audited read pays at least this durable write; Palisade's
  // figure against it shows its own overhead beyond what the invariant costs.
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_bare_audit (
       id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), event text NOT NULL,
       actor text NOT NULL, resource text, ip text, detail jsonb NOT NULL)`,
  );
  const audited = async <T>(event: string, resource: string | null, ip: string, read: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await read(client);
      await client.query(`INSERT INTO bench_bare_audit (event, actor, resource, ip, detail) VALUES ($1, 'bench', $2, $3, '{}'::jsonb)`, [event, resource, ip]);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  };

  await pool.query(`CREATE TABLE IF NOT EXISTS bench_bare_nonces (nonce text PRIMARY KEY, expires_at timestamptz NOT NULL)`);
  app.post<{ Body: { id: string; form: string; kid: string; ct: string } }>('/bare/intake-audited', async (request, reply) => {
    const e = request.body;
    await audited('intake.accepted', e.id, request.ip, async (c) => {
      await c.query(`INSERT INTO bench_bare_nonces (nonce, expires_at) VALUES ($1, now() + interval '330 seconds')`, [randomUUID()]);
      await c.query(INSERT_SUBMISSION, submissionParams(e));
    });
    return reply.code(201).send({ id: e.id });
  });

  app.get<{ Querystring: { clinic: string } }>('/bare/inbox-audited', async (request) =>
    audited('submission.list', null, request.ip, async (c) => {
      const { rows } = await c.query(
        `SELECT id, form_slug, clinic_id, received_at, status, assignee_id FROM submissions
         WHERE clinic_id = $1 ORDER BY received_at DESC, id DESC LIMIT 50`,
        [request.query.clinic],
      );
      return { items: rows };
    }),
  );

  app.get<{ Params: { id: string } }>('/bare/view-audited/:id', async (request) =>
    audited('submission.read', request.params.id, request.ip, async (c) => {
      const { rows } = await c.query(`SELECT * FROM submissions WHERE id = $1`, [request.params.id]);
      const row = rows[0] as { ciphertext: Buffer } | undefined;
      return row ? { ...row, ciphertext: row.ciphertext.toString('base64url') } : {};
    }),
  );

  const close = async () => {
    await app.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void close());
  process.once('SIGINT', () => void close());
  await app.listen({ host: '127.0.0.1', port });
}

main().catch((err: unknown) => {
  process.stderr.write(`bare portal baseline failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
