import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extract } from '../extract/index.js';
import { transform, type TransformResult } from '../transform/index.js';

export const RAW = path.join(import.meta.dirname, '..', 'data', 'raw');
export const SHARED_PDF = path.join(import.meta.dirname, '..', '..', 'shared', 'pdf');

export async function transformFile(file: string): Promise<TransformResult> {
  const doc = await extract(new Uint8Array(readFileSync(file)), file);
  return transform(doc);
}

export async function transformText(text: string, name = 'x.txt'): Promise<TransformResult> {
  return transform(await extract(new TextEncoder().encode(text), name));
}

/** amount_yuan (or quantity) of one cell, or undefined when the cell is blank. */
export function cell(r: TransformResult, table: string, rowKey: string, col: number): string | undefined {
  const li = r.lineItems.find((x) => x.table_code === table && x.row_key === rowKey && x.col_no === col);
  return li ? (li.amount_yuan ?? li.quantity ?? undefined) : undefined;
}
