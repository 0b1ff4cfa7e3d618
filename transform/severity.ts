// What a failing check says about the data we load (schemas/contract.ts CHECK_SEVERITY): every
// check gets its severity here, from its kind, so a new kind of check cannot be left without one.
import type { CheckSeverity } from '../schemas/contract.js';
import type { CheckRow } from './types.js';

/** Checks of the source against itself: a failure is the report's contradiction, not a doubt about our numbers. */
const SOURCE_AGAINST_ITSELF = new Set(['narrative', 'consistency', 'performance']);

export function severityOf(check: Omit<CheckRow, 'severity'>): CheckSeverity {
  if (check.kind === 'narrative' && check.check_id.endsWith(':from_zero')) return 'info';
  return SOURCE_AGAINST_ITSELF.has(check.kind) ? 'warning' : 'error';
}
