import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { extract } from '../extract/index.js';
import { transform } from '../transform/index.js';
it('dbg', async () => {
  const f = process.env.F!;
  const doc = await extract(new Uint8Array(readFileSync(f)), f);
  console.log('format', doc.format, 'lines', doc.lines.length);
  if (process.env.LINES) for (const l of doc.lines.slice(Number(process.env.FROM ?? 0), Number(process.env.TO ?? 100))) console.log(l.line, l.page, l.y, JSON.stringify(l.cells), JSON.stringify(l.left?.map(Math.round)));
  const r = transform(doc);
  console.log(r.layout, r.tableStatus.map((t) => `${t.table_code}:${t.status}:${t.cell_count}`).join(' '));
  for (const c of r.checks.filter((c) => !c.passed && c.kind !== 'narrative' && c.kind !== 'performance').slice(0, Number(process.env.NC ?? 15))) console.log(c.check_id, c.detail);
});
it('rows', async () => {
  if (!process.env.T) return;
  const f = process.env.F!;
  const r = transform(await extract(new Uint8Array(readFileSync(f)), f));
  const t = r.tables.find((x) => x.code === process.env.T)!;
  console.log('title', t.title, 'line', t.startLine);
  for (const row of t.rows) console.log(row.key, row.label, JSON.stringify([...row.cells].map(([c, v]) => `${c}:${v.text}`)), row.printed ? JSON.stringify(row.printed.cells.map((c) => c.text)) + ' ' + row.printed.columns.join(',') : '');
});
