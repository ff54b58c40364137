import type { BenchContext } from '../context';
import type { RowResult } from '../model';
import { row1 } from './row1-cms-intake';
import { row2 } from './row2-portal-intake';
import { row3 } from './row3-end-to-end';
import { row4 } from './row4-staff-inbox';
import { row5 } from './row5-public-read';
import { row6 } from './row6-widget';
import { row7 } from './row7-memory';

export interface RowDef {
  id: string;
  title: string;
  goal: string;
  run(ctx: BenchContext): Promise<RowResult | RowResult[]>;
}

/** In run order: memory (7) last, so it sees the peaks of every other row. */
export const ROWS: RowDef[] = [
  { id: '6', title: 'widget bundle size and 4 KB seal time in Chromium', goal: '≤ 160 KB gzip initial; libsodium lazy-loaded', run: row6 },
  { id: '1', title: 'CMS intake, valid 4 KB envelopes, until the outbox write', goal: 'ratio ≥ 1.0', run: row1 },
  { id: '5', title: 'public content read `GET /api/service-pages`', goal: 'ratio ≥ 0.95', run: row5 },
  { id: '2', title: 'portal intake (verify, open, idempotency, insert, signed receipt)', goal: 'ratio ≥ 0.5', run: row2 },
  { id: '3', title: 'end to end: browser seal → verified receipt; purge lag', goal: 'purge lag p99 ≤ 1 s', run: row3 },
  { id: '4', title: 'staff inbox first page and one view (decrypt, mask, audit)', goal: '≤ 2× a plain indexed SELECT', run: row4 },
  { id: '7', title: 'peak RSS of the CMS and the portal, idle and under load', goal: 'report', run: row7 },
];
