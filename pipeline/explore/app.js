// The explore page: DuckDB-WASM in the browser over the Parquet files of OUT_DIR (served by
// pipeline/explore.ts). A SQL box with the recipes of docs/recipes.md; a page per report showing
// each standard table as printed, with failing checks marked on their cells. Plain browser
// JavaScript, no build step: the server hands out DuckDB-WASM and Arrow from node_modules.
import * as duckdb from '/duckdb/duckdb-browser.mjs';

const $ = (id) => document.getElementById(id);
const abs = (p) => new URL(p, location.href).href;
let conn;

// ---------------------------------------------------------------- values, exactly

/** A DECIMAL arrives as an unscaled big integer: its text, with the point put back (never via a float). */
function decimalText(v, scale) {
  let s = String(v);
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    s = `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  }
  return (negative ? '-' : '') + s;
}

/** A formatter per column, from its Arrow type: every value as exact text, NULL as null. */
function formatterOf(field) {
  const type = String(field.type);
  if (/^Decimal/.test(type)) return (v) => decimalText(v, field.type.scale);
  if (/^Timestamp/.test(type)) return (v) => new Date(Number(v)).toISOString().replace('T', ' ').replace('Z', '');
  if (/^Date/.test(type)) return (v) => new Date(Number(v)).toISOString().slice(0, 10);
  return (v) => (typeof v === 'object' ? JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x)) : String(v));
}

const NUMERIC = /^(Decimal|Int|Uint|Float)/;

/** Runs a query; returns its columns and rows as exact text. */
async function query(sql) {
  const table = await conn.query(sql);
  const fields = table.schema.fields;
  const formats = fields.map(formatterOf);
  const rows = [];
  for (const row of table.toArray()) rows.push(fields.map((f, i) => (row[f.name] === null || row[f.name] === undefined ? null : formats[i](row[f.name]))));
  return { columns: fields.map((f) => f.name), numeric: fields.map((f) => NUMERIC.test(String(f.type))), rows };
}

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function resultTable({ columns, numeric, rows }) {
  const head = `<tr>${columns.map((c) => `<th>${escape(c)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((v, i) => (v === null ? '<td class="null">NULL</td>' : `<td${numeric[i] ? ' class="num"' : ''}>${escape(v)}</td>`)).join('')}</tr>`).join('');
  return `<table>${head}${body}</table>`;
}

function csvOf({ columns, rows }) {
  const field = (v) => (v === null ? '' : /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return '\uFEFF' + [columns, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------- the SQL box

async function runBox() {
  const sql = $('sql').value;
  $('error').hidden = true;
  const started = performance.now();
  try {
    const result = await query(sql);
    $('result').innerHTML = resultTable(result);
    $('timing').textContent = `${result.rows.length} rows, ${Math.round(performance.now() - started)} ms`;
    const link = $('download');
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([csvOf(result)], { type: 'text/csv' }));
    link.hidden = false;
    $('result').dataset.rows = String(result.rows.length);
  } catch (e) {
    $('error').textContent = String(e.message ?? e);
    $('error').hidden = false;
    $('result').innerHTML = '';
  }
}

async function showRecipes() {
  const recipes = await (await fetch('/recipes.json')).json();
  $('recipes').innerHTML = recipes.map((r, i) => `<button data-recipe="${i}" title="${escape(r.sql)}">${escape(r.title)}</button>`).join('');
  $('recipes').onclick = (e) => {
    const i = e.target.dataset?.recipe;
    if (i === undefined) return;
    $('sql').value = recipes[Number(i)].sql;
    runBox();
  };
}

// ---------------------------------------------------------------- reports

const sqlText = (s) => `'${String(s).replace(/'/g, "''")}'`;

async function showReports() {
  const r = await query(`SELECT r.report_id, r.department, r.fiscal_year, r.status, r.errors_failed, r.warnings_failed, r.source_path FROM reports r ORDER BY r.department, r.fiscal_year`);
  const rows = r.rows.map((x) => `<tr><td><a href="#report/${escape(x[0])}">${escape(x[1] ?? x[6])}</a></td><td>${escape(x[2] ?? '')}</td><td>${escape(x[3])}</td><td class="num">${escape(x[4] ?? '')}</td><td class="num">${escape(x[5] ?? '')}</td><td>${escape(x[6])}</td></tr>`);
  $('reports-view').innerHTML = `<table><tr><th>department</th><th>year</th><th>status</th><th>errors</th><th>warnings</th><th>source</th></tr>${rows.join('')}</table>`;
}

/** Which cells a failing check is about: "row/colN" or "row/N" one cell, a row key the whole row; else the table. */
function placeCheck(subject, rowKeys) {
  const cell = /^(.*)\/(?:col)?(\d+)$/.exec(subject);
  if (cell && rowKeys.has(cell[1])) return { row: cell[1], col: Number(cell[2]) };
  if (rowKeys.has(subject)) return { row: subject, col: null };
  return null;
}

async function showReport(id) {
  const view = $('report-view');
  const [meta] = (await query(`SELECT department, fiscal_year, status, status_detail, source_path, source_format, layout FROM reports WHERE report_id = ${sqlText(id)}`)).rows;
  if (!meta) {
    view.innerHTML = `<p>No report ${escape(id)}.</p>`;
    return;
  }
  const tables = (await query(`SELECT table_code, table_title, status, reported_unit FROM report_tables WHERE report_id = ${sqlText(id)} ORDER BY table_code`)).rows;
  const cells = (await query(`SELECT table_code, row_key, row_order, row_no, row_label, col_no, col_label, reported_text, reported_unit, source_page, source_line FROM line_items WHERE report_id = ${sqlText(id)} ORDER BY table_code, row_order, col_no`)).rows;
  const failing = (await query(`SELECT check_id, table_code, subject, severity, description, detail FROM checks WHERE report_id = ${sqlText(id)} AND NOT passed ORDER BY table_code, check_id`)).rows;
  const parts = [
    `<h2>${escape(meta[0] ?? meta[4])} ${escape(meta[1] ?? '')}</h2>`,
    `<p class="meta">status <b>${escape(meta[2])}</b>${meta[3] ? ` (${escape(meta[3])})` : ''}; ${escape(meta[4])} (${escape(meta[5])}, ${escape(meta[6])} layout); amounts as printed, in the table's unit; hover a cell for its source page and line.</p>`,
  ];
  const placed = new Set();
  for (const [code, title, status, unit] of tables) {
    const mine = cells.filter((c) => c[0] === code);
    const rowKeys = new Set(mine.map((c) => c[1]));
    const onCells = new Map(); // "row/col" or "row/" → failing checks
    const onTable = [];
    for (const f of failing.filter((x) => x[1] === code)) {
      const at = placeCheck(f[2], rowKeys);
      if (at) {
        const k = `${at.row}/${at.col ?? ''}`;
        onCells.set(k, [...(onCells.get(k) ?? []), f]);
      } else onTable.push(f);
      placed.add(f[0]);
    }
    parts.push(`<h3 data-table="${escape(code)}">${escape(code)} ${escape(title ?? '')} <span class="meta">${escape(status)}${unit ? `, 单位 ${escape(unit)}` : ''}</span></h3>`);
    if (onTable.length) parts.push(`<ul class="checks">${onTable.map((f) => `<li>${escape(f[3])}: ${escape(f[4])}${f[5] ? ` — ${escape(f[5])}` : ''}</li>`).join('')}</ul>`);
    if (mine.length === 0) continue;
    const columns = [...new Map(mine.map((c) => [c[5], c[6]])).entries()].sort((a, b) => Number(a[0]) - Number(b[0]));
    const rows = [...new Map(mine.map((c) => [c[1], c])).values()]; // in print order (row_order)
    const head = `<tr><th>行次</th><th>项目</th>${columns.map(([no, label]) => `<th title="栏次 ${escape(no)}">${escape(label)}</th>`).join('')}</tr>`;
    const body = rows.map((r) => {
      const rowChecks = onCells.get(`${r[1]}/`) ?? [];
      const tds = columns.map(([no]) => {
        const c = mine.find((x) => x[1] === r[1] && x[5] === no);
        if (!c) return '<td></td>';
        const checks = [...rowChecks, ...(onCells.get(`${r[1]}/${no}`) ?? [])];
        const where = `${c[9] ? `p. ${c[9]}` : ''}${c[9] && c[10] ? ', ' : ''}${c[10] ? `line ${c[10]}` : ''}`;
        const tip = [where, ...checks.map((f) => `${f[0]}: ${f[4]}${f[5] ? ` — ${f[5]}` : ''}`)].filter(Boolean).join('\n');
        const attrs = `class="num${checks.length ? ' failing' : ''}" title="${escape(tip)}" data-page="${escape(c[9] ?? '')}" data-line="${escape(c[10] ?? '')}"${checks.length ? ` data-checks="${escape(checks.map((f) => f[0]).join(' '))}"` : ''}`;
        return `<td ${attrs}>${escape(c[7])}</td>`;
      });
      return `<tr${rowChecks.length ? ' class="failing-row"' : ''} data-row="${escape(r[1])}"><td>${escape(r[3] ?? '')}</td><td>${escape(r[4])}</td>${tds.join('')}</tr>`;
    });
    parts.push(`<table data-table="${escape(code)}">${head}${body.join('')}</table>`);
  }
  const others = failing.filter((f) => !placed.has(f[0]));
  if (others.length) parts.push(`<h3>Other failing checks</h3><ul class="checks">${others.map((f) => `<li>${escape(f[3])} ${escape(f[0])}: ${escape(f[4])}${f[5] ? ` — ${escape(f[5])}` : ''}</li>`).join('')}</ul>`);
  view.innerHTML = parts.join('\n');
  view.dataset.report = id;
}

// ---------------------------------------------------------------- routing and start

async function route() {
  const [page, id] = location.hash.replace(/^#/, '').split('/');
  $('query-view').hidden = page !== '' && page !== 'query';
  $('reports-view').hidden = page !== 'reports';
  $('report-view').hidden = page !== 'report';
  if (page === 'reports') await showReports();
  if (page === 'report') await showReport(decodeURIComponent(id));
}

async function start() {
  const worker = new Worker(abs('/duckdb/duckdb-browser-eh.worker.js'));
  const db = new duckdb.AsyncDuckDB(new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING), worker);
  await db.instantiate(abs('/duckdb/duckdb-eh.wasm'));
  conn = await db.connect();
  // Every table and view of the data package, as a view over its Parquet file.
  const pkg = await (await fetch('/data/datapackage.json')).json();
  for (const r of pkg.resources) {
    await db.registerFileURL(`${r.name}.parquet`, abs(`/data/${r.path}`), duckdb.DuckDBDataProtocol.HTTP, false);
    await conn.query(`CREATE VIEW "${r.name}" AS SELECT * FROM read_parquet('${r.name}.parquet')`);
  }
  $('status').textContent = `DuckDB ${await db.getVersion()} in the browser; ${pkg.resources.length} tables and views from the Parquet files.`;
  $('status').dataset.state = 'ready';
  $('run').onclick = runBox;
  $('sql').onkeydown = (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) runBox();
  };
  window.onhashchange = () => route().catch(fail);
  await showRecipes();
  await route();
}

function fail(e) {
  $('status').textContent = `Error: ${e?.message ?? e}`;
  $('status').dataset.state = 'error';
  console.error(e);
}

start().catch(fail);
