import type { Clock } from '../../clock';
import type { Db } from '../../db/types';

/**
 * How long a registered form's row (slug -> clinic, retention) is reused by the
 * intake. Only registered forms are cached, never a miss, so a form registered
 * a moment ago (in this process or by the CLI) is accepted at once. A form's
 * clinic never changes once registered (nothing updates forms.clinic_id); a
 * retention change made by the CLI applies to new submissions within this time.
 */
export const FORM_ROW_TTL_MS = 5_000;

export interface RegisteredForm {
  clinicId: string;
  retentionDays: number;
}

/** slug -> registered form, per intake listener. Bounded by the forms table: misses are not stored. */
export class FormCache {
  private readonly rows = new Map<string, { form: RegisteredForm; readAt: number }>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ttlMs: number = FORM_ROW_TTL_MS,
  ) {}

  async get(slug: string): Promise<RegisteredForm | undefined> {
    const now = this.clock.now().getTime();
    const hit = this.rows.get(slug);
    // A clock that went backwards also counts as stale.
    if (hit && now >= hit.readAt && now - hit.readAt < this.ttlMs) return hit.form;
    const { rows } = await this.db.query<{ clinic_id: string; retention_days: number }>(
      `SELECT clinic_id, retention_days FROM forms WHERE slug = $1`,
      [slug],
    );
    const row = rows[0];
    if (!row) {
      this.rows.delete(slug);
      return undefined;
    }
    const form = { clinicId: row.clinic_id, retentionDays: Number(row.retention_days) };
    this.rows.set(slug, { form, readAt: now });
    return form;
  }
}
