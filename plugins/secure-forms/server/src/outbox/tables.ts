import type { Knex } from 'knex';

/**
 * The outbox and the shred log are plain plugin tables, not content types: no
 * content-type means no content-manager screen, no content API, no document
 * service (so no content history and no admin audit hook ever sees a row), and a
 * real primary key on the envelope id so "stored once" holds under races.
 * Strapi's schema sync leaves tables it never tracked alone.
 */
export const OUTBOX_TABLE = 'secure_forms_outbox';
export const SHRED_TABLE = 'secure_forms_shreds';

/** Creates a table unless it exists; a second instance booting at the same moment may win the race, which is fine. */
async function createOnce(db: Knex, name: string, build: (t: Knex.CreateTableBuilder) => void): Promise<void> {
  if (await db.schema.hasTable(name)) return;
  try {
    await db.schema.createTable(name, build);
  } catch (err) {
    if (!(await db.schema.hasTable(name))) throw err;
  }
}

/** Times are epoch milliseconds: the same numbers on SQLite and PostgreSQL. */
export async function ensureTables(db: Knex): Promise<void> {
  await createOnce(db, OUTBOX_TABLE, (t) => {
      t.string('id', 36).primary();
      t.string('form', 128).notNullable();
      t.string('kid', 64).notNullable();
      t.text('ciphertext').notNullable();
      t.string('digest', 128).notNullable();
      t.bigInteger('received_at').notNullable();
      t.integer('attempts').notNullable().defaultTo(0);
      t.bigInteger('next_attempt_at').notNullable();
      // A claim by one sender (this process or another instance) until this time.
      t.bigInteger('lease_until').nullable();
      t.string('last_error', 200).nullable();
      t.bigInteger('last_error_at').nullable();
      // The verified receipt, kept until the delete succeeds.
      t.string('receipt_kid', 64).nullable();
      t.string('receipt_received_at', 40).nullable();
      t.string('receipt_sig', 200).nullable();
      t.bigInteger('receipt_verified_at').nullable();
      t.index(['next_attempt_at'], 'secure_forms_outbox_next_idx');
  });
  await createOnce(db, SHRED_TABLE, (t) => {
      t.string('id', 36).primary();
      t.string('digest', 128).notNullable();
      t.string('receipt_received_at', 40).notNullable();
      t.bigInteger('receipt_verified_at').notNullable();
      t.bigInteger('shredded_at').notNullable();
      t.index(['shredded_at'], 'secure_forms_shreds_at_idx');
  });
  // Added with signed rejections: null = delivered with a receipt, 'rejected:<reason>' = dropped on the portal's signed rejection.
  if (!(await db.schema.hasColumn(SHRED_TABLE, 'outcome'))) {
    try {
      await db.schema.alterTable(SHRED_TABLE, (t) => t.string('outcome', 40).nullable());
    } catch (err) {
      if (!(await db.schema.hasColumn(SHRED_TABLE, 'outcome'))) throw err;
    }
  }
}
