import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';

const postgres = testDatabases().find((d) => d.name === 'postgres');

/**
 * PostgreSQL ending a connection (a failover, a restart, an operator's
 * pg_terminate_backend) while a transaction holds it between two statements.
 * node-postgres then emits 'error' on the checked-out client, where the pool's
 * own listener is not attached: unheard, that event ends the whole portal.
 * The transaction must fail on its own and the next one get a fresh connection.
 */
(postgres ? describe : describe.skip)('PostgreSQL connection lost inside a transaction', () => {
  let db: OpenedTestDatabase;

  beforeAll(async () => {
    db = await postgres!.open();
  }, 60_000);

  afterAll(async () => {
    await db?.cleanup();
  });

  async function terminate(pid: number): Promise<void> {
    // The test database's owner is a superuser; the app role could not end another backend.
    await db.superuser.query('SELECT pg_terminate_backend($1)', [pid]);
  }

  it('fails that transaction only; the process keeps serving', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const attempt = db.dbs.app.transaction(async (tx) => {
        const me = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await terminate(me.rows[0]!.pid);
        // The server's goodbye arrives while no statement of ours is running.
        await new Promise((r) => setTimeout(r, 300));
        await tx.query('SELECT 1');
      });
      await expect(attempt).rejects.toThrow();
      const after = await db.dbs.app.transaction((tx) => tx.query<{ ok: number }>('SELECT 1 AS ok'));
      expect(after.rows).toEqual([{ ok: 1 }]);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('an idle pooled connection ended by the server is replaced on the next query', async () => {
    const pids = await db.dbs.app.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await terminate(pids.rows[0]!.pid);
    await new Promise((r) => setTimeout(r, 300));
    const res = await db.dbs.app.query<{ ok: number }>('SELECT 1 AS ok');
    expect(res.rows).toEqual([{ ok: 1 }]);
  });
});
