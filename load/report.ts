// The static HTML quality report (`make report`): every report with its status and failing
// checks, and the charts analysts look at first. Self-contained (inline CSS and SVG, no
// script, no network), so it opens anywhere. Amounts are formatted from exact decimal text.
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from './duckdb.js';

type Row = Record<string, unknown>;

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** "26561400.00" 元 → "2,656.14" 万元, rounded half up for display, by bigint arithmetic (no float). */
export function formatWan(yuan: unknown): string {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(String(yuan ?? ''));
  if (!m) return String(yuan ?? '');
  const fen = BigInt(m[2] + m[3]);
  const hundredthsOfWan = (fen + 5000n) / 10000n; // 0.01 万元 = 100 元 = 10 000 分
  const s = hundredthsOfWan.toString().padStart(3, '0');
  return `${m[1]}${s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${s.slice(-2)}`;
}

const num = (v: unknown) => Number(v ?? 0); // for bar lengths only, never for printed figures

function barChart(title: string, rows: { label: string; parts: { value: unknown; cls: string; name: string }[] }[]): string {
  if (rows.length === 0) return `<h3>${esc(title)}</h3><p class="note">No data loaded.</p>`;
  const max = Math.max(...rows.map((r) => r.parts.reduce((s, p) => s + num(p.value), 0)), 1);
  const rowH = 22;
  const labelW = 300;
  const barW = 520;
  const svg = rows
    .map((r, i) => {
      let x = labelW;
      const y = i * rowH;
      const bars = r.parts
        .map((p) => {
          const w = (num(p.value) / max) * barW;
          const rect = `<rect class="${p.cls}" x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}"><title>${esc(r.label)} ${esc(p.name)}: ${formatWan(p.value)} 万元</title></rect>`;
          x += w;
          return rect;
        })
        .join('');
      const total = r.parts.map((p) => formatWan(p.value)).join(' + ');
      return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(r.label)}</text>${bars}<text x="${x + 4}" y="${y + 15}" class="value">${esc(total)}</text>`;
    })
    .join('');
  return `<h3>${esc(title)}</h3><svg role="img" aria-label="${esc(title)}" width="${labelW + barW + 200}" height="${rows.length * rowH}">${svg}</svg>`;
}

function table(headers: string[], rows: unknown[][], cls = ''): string {
  return `<table class="${cls}"><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export async function buildReport(con: DuckDBConnection, generatedAt = new Date()): Promise<string> {
  const reports = await query(con, `SELECT source_path, department, fiscal_year, layout, status, status_detail, cells_extracted, errors_failed, warnings_failed, info_failed FROM reports ORDER BY status <> 'ok' DESC, department, source_path`);
  const failing = await query(con, `SELECT r.source_path, c.severity, c.check_id, c.description, c.expected, c.actual, c.difference, c.detail FROM checks c JOIN reports r USING (report_id) WHERE NOT c.passed ORDER BY c.severity = 'info', c.severity = 'warning', r.source_path, c.check_id LIMIT 1000`);
  const [failingCount] = await query(con, `SELECT count(*) AS n, count(*) FILTER (WHERE severity = 'error') AS errors, count(*) FILTER (WHERE severity = 'warning') AS warnings, count(*) FILTER (WHERE severity = 'info') AS info FROM checks WHERE NOT passed`);
  const errors = await query(con, 'SELECT source_path, stage, error FROM ingest_errors ORDER BY source_path');
  const byClass = await query(con, `SELECT v.subject_code, coalesce(d.name, min(v.subject_name)) AS name, sum(v.total_expenditure_yuan) AS total
    FROM t03_expenditure v LEFT JOIN dim_functional_classification d ON d.code = v.subject_code
    WHERE v.subject_level = '类' GROUP BY v.subject_code, d.name ORDER BY total DESC`);
  const basicProject = await query(con, `SELECT coalesce(department, report_id) AS department, fiscal_year, basic_expenditure_yuan AS basic, project_expenditure_yuan AS project
    FROM t03_expenditure WHERE subject_code = '合计' ORDER BY total_expenditure_yuan DESC NULLS LAST`);
  const years = await query(con, `SELECT department, fiscal_year, expenditure_yuan AS total FROM t01_income_expenditure_summary
    WHERE row_key = '本年支出合计' AND department IN (SELECT department FROM reports WHERE status <> 'failed' GROUP BY department HAVING count(DISTINCT fiscal_year) > 1)
    ORDER BY department, fiscal_year`);
  const counts = (s: string) => reports.filter((r) => r.status === s).length;

  const yoy =
    years.length === 0
      ? '<p class="note">Year-over-year totals appear when several years of one department are loaded; every department here has one year.</p>'
      : table(['部门 department', '年度 year', '本年支出合计 (万元)'], years.map((r: Row) => [r.department, r.fiscal_year, formatWan(r.total)]), 'numbers');

  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>部门决算公开 quality report</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.numbers td:nth-child(n+2){text-align:right}
.ok{color:#176317}.partial{color:#9a6700}.failed{color:#b42318}.note{color:#666}
svg text{font-size:13px}svg .value{fill:#555}.basic{fill:#4c78a8}.project{fill:#f58518}.total{fill:#54a24b}
.summary span{margin-right:2em;font-weight:bold}
</style></head><body>
<h1>部门决算公开 — quality report</h1>
<p class="note">Generated ${esc(generatedAt.toISOString())} from disclosures.duckdb. Amounts in 万元 (the database keeps 元, exact).</p>
<p class="summary" id="summary"><span>reports: ${reports.length}</span><span class="ok">ok: ${counts('ok')}</span><span class="partial">partial: ${counts('partial')}</span><span class="failed">failed: ${counts('failed')}</span><span>failing checks: ${esc(failingCount.n)}</span><span class="partial">errors: ${esc(failingCount.errors)}</span><span>warnings: ${esc(failingCount.warnings)}</span><span>info: ${esc(failingCount.info)}</span></p>
<p class="note">Errors are doubts about our numbers (a table identity fails, a table is missing, a placement was ambiguous): any makes a report partial. Warnings are the source contradicting itself (its narrative against its tables); info, conventions (a rise from zero stated as 100%).</p>

<h2>Expenditure</h2>
${barChart('本年支出合计 by functional 类 (table 03, all loaded reports)', byClass.map((r) => ({ label: `${r.subject_code} ${r.name}`, parts: [{ value: r.total, cls: 'total', name: '本年支出合计' }] })))}
${barChart('基本支出 (blue) versus 项目支出 (orange) per report (table 03 合计)', basicProject.map((r) => ({ label: `${r.department} ${r.fiscal_year ?? ''}`, parts: [{ value: r.basic, cls: 'basic', name: '基本支出' }, { value: r.project, cls: 'project', name: '项目支出' }] })))}
<h3>Year-over-year 本年支出合计 (table 01)</h3>
${yoy}

<h2>Reports</h2>
${table(['file', '部门 department', '年度', 'layout', 'status', 'why', 'cells', 'errors', 'warnings', 'info'], reports.map((r) => [r.source_path, r.department, r.fiscal_year, r.layout, r.status, r.status_detail, r.cells_extracted, r.errors_failed, r.warnings_failed, r.info_failed]), 'reports')}

<h2>Failing checks</h2>
${failing.length === 0 ? '<p class="note">Every check passes.</p>' : table(['file', 'severity', 'check', 'identity', 'expected (元)', 'actual (元)', 'difference (元)', 'detail'], failing.map((c) => [c.source_path, c.severity, c.check_id, c.description, c.expected, c.actual, c.difference, c.detail]))}
${Number(failingCount.n) > failing.length ? `<p class="note">First ${failing.length} of ${esc(failingCount.n)}: SELECT * FROM checks WHERE NOT passed.</p>` : ''}

<h2>Files that could not be loaded</h2>
${errors.length === 0 ? '<p class="note">None.</p>' : table(['file', 'stage', 'reason'], errors.map((e) => [e.source_path, e.stage, e.error]))}
</body></html>
`;
}
