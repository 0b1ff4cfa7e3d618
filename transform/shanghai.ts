import type { Line } from '../extract/lines.js';
import type { TableCode } from '../schemas/contract.js';
import type { AssembleResult } from './national.js';
export function assembleShanghai(_code: TableCode, _lines: Line[]): AssembleResult {
  return { rows: [], notes: [] };
}
