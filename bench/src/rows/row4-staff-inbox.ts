import type { BenchContext } from '../context';
import { PendingError, type RowResult } from '../model';

export async function row4(_ctx: BenchContext): Promise<RowResult> {
  throw new PendingError('not written yet');
}
