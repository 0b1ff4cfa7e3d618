import { it } from 'vitest';
import { randomBudget } from './synthetic/budget.js';
import { extract } from '../extract/index.js';
import { transform } from '../transform/index.js';
it('x', async () => {
  const b = randomBudget(1);
  const i = b.text.indexOf('支出预算总表');
  console.log(b.text.slice(i - 30, i + 200));
  const r = transform(await extract(new TextEncoder().encode(b.text), 'b.txt'));
  const t = r.tables.find((t) => t.code === 'B03')!;
  console.log(JSON.stringify(t.rows.map((r) => ({ k: r.key, cells: [...r.cells].map(([c, v]) => `${c}:${v.text}`), p: r.printed }))));
  console.log(r.checks.filter((c) => c.table_code === 'B03').map((c) => `${c.check_id} ${c.passed} ${c.detail}`).join('\n'));
});
