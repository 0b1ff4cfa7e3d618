import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { extract } from '../extract/index.js';
import { transform, type LineItem } from '../transform/index.js';
import { extractText, FORMS } from './forms/extractors.js';
import { randomReport } from './synthetic/generate.js';
import { randomPdfStyle, renderPdf } from './synthetic/render-pdf.js';
import { randomShanghaiStyle, renderShanghaiPdf } from './synthetic/render-shanghai.js';

const key = (li: LineItem) => `${li.table_code}|${li.row_key}|${li.col_no}|${li.amount_yuan ?? li.quantity}`;
function f1(truth: LineItem[], got: LineItem[]) {
  const t = new Set(truth.map(key));
  const g = new Set(got.map(key));
  let ok = 0;
  for (const k of g) if (t.has(k)) ok++;
  const p = g.size ? ok / g.size : 1, r = t.size ? ok / t.size : 1;
  return { f1: p + r ? (2 * p * r) / (p + r) : 0, wrong: g.size - ok, missing: t.size - ok, n: t.size };
}
const docs: [string, () => Uint8Array][] = [];
if (process.env.REAL !== '0') for (const f of ['/work/shared/pdf/sh-putuo-caizhengju-2024-juesuan.pdf', '/work/main/tests/data/sh-putuo-caizhengju-2024-juesuan-altered.pdf']) docs.push([f.split('/').pop()!, () => new Uint8Array(readFileSync(f))]);
const N = Number(process.env.NSEEDS ?? 5);
for (let s = 1; s <= N; s++) docs.push([`nat-${s}`, () => renderPdf(randomReport(s), randomPdfStyle(s), undefined, { toUnicode: true })]);
for (let s = 1; s <= N; s++) docs.push([`sh-${s}`, () => renderShanghaiPdf(randomReport(s), randomShanghaiStyle(s), { toUnicode: true })]);

it('forms', async () => {
  const rows: string[] = [];
  for (const [name, make] of docs) {
    const bytes = make();
    const truth = transform(await extract(bytes, name + '.pdf')).lineItems;
    const cols = [];
    for (const form of FORMS) {
      if (process.env.FORMS && !process.env.FORMS.split(',').includes(form)) continue;
      try {
        const text = await extractText(bytes, form);
        if (process.env.DUMP) { const fs = await import('node:fs'); fs.mkdirSync(process.env.DUMP, { recursive: true }); fs.writeFileSync(`${process.env.DUMP}/${name}.${form}.txt`, text); }
        const r = transform(await extract(new TextEncoder().encode(text), name + '.txt'));
        const m = f1(truth, r.lineItems);
        cols.push(`${form} ${m.f1.toFixed(2)} w${m.wrong} m${m.missing}`);
      } catch (e) { cols.push(`${form} ERR ${(e as Error).message.slice(0, 60)}`); }
    }
    rows.push(`${name.padEnd(44)} n=${truth.length} | ${cols.join(' | ')}`);
  }
  console.log(rows.join('\n'));
}, 600000);
it('diff', async () => {
  if (!process.env.DIFF) return;
  const [pdf, form] = process.env.DIFF.split(':');
  const bytes = pdf.startsWith('nat-') ? renderPdf(randomReport(Number(pdf.slice(4))), randomPdfStyle(Number(pdf.slice(4))), undefined, { toUnicode: true }) : pdf.startsWith('sh-') ? renderShanghaiPdf(randomReport(Number(pdf.slice(3))), randomShanghaiStyle(Number(pdf.slice(3))), { toUnicode: true }) : new Uint8Array(readFileSync(pdf));
  const truth = transform(await extract(bytes, 'x.pdf')).lineItems;
  const text = await extractText(bytes, form as never);
  const r = transform(await extract(new TextEncoder().encode(text), 'x.txt'));
  const t = new Map(truth.map((li) => [`${li.table_code}|${li.row_key}|${li.col_no}`, li.amount_yuan ?? li.quantity]));
  const g = new Map(r.lineItems.map((li) => [`${li.table_code}|${li.row_key}|${li.col_no}`, li.amount_yuan ?? li.quantity]));
  const out: string[] = [];
  for (const [k, v] of t) if (g.get(k) !== v) out.push(`${k}: want ${v} got ${g.get(k)}`);
  for (const [k, v] of g) if (!t.has(k)) out.push(`${k}: want - got ${v}`);
  console.log(out.sort().join('\n'));
  console.log(r.checks.filter((c) => !c.passed && c.kind !== 'narrative' && c.kind !== 'performance').map((c) => `${c.check_id} ${c.detail}`).slice(0, 40).join('\n'));
});
