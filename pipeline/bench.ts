// Benchmark (`make bench`): builds synthetic corpora of N reports from the bundled samples, runs
// the whole pipeline on each in a child process, and compares with a floor (read + split into
// lines) and, for PDF, with poppler's pdftotext; times each stage on its own (where the time
// goes). Prints the figures and writes them as JSON under OUT_DIR/bench/. Figures are ratios
// where the machine's noise would otherwise dominate.
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeText } from '../extract/decode.js';
import { extract } from '../extract/index.js';
import { closeDatabase, loadBatch, openDatabase, StagingBatch } from '../load/duckdb.js';
import { stageRows } from '../load/staging.js';
import { transform } from '../transform/index.js';
import { processFile, sha256Hex } from './report.js';
import type { RunSummary } from './run.js';

const RAW_DIR = process.env.RAW_DIR ?? 'data/raw';
const OUT_DIR = process.env.OUT_DIR ?? 'data/out';
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const PDF_COPIES = Number(process.env.BENCH_PDF_COPIES ?? 96);
// BENCH_ONLY=pdf: the PDF part alone.
const ONLY = process.env.BENCH_ONLY;
const BREAKDOWN_REPORTS = Number(process.env.BENCH_BREAKDOWN_REPORTS ?? 1000);
const CLI = path.join(import.meta.dirname, 'cli.js');
const BENCH = path.join(OUT_DIR, 'bench');

const ms = (t0: number) => performance.now() - t0;
const perSec = (n: number, millis: number) => (millis > 0 ? n / (millis / 1000) : 0);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** The text samples with their department names, the seeds of the synthetic corpus. */
async function textSeeds(): Promise<{ name: string; text: string; department: string }[]> {
  const seeds = [];
  for (const name of (await readdir(RAW_DIR)).sort()) {
    if (/\.pdf$/i.test(name)) continue;
    const bytes = new Uint8Array(await readFile(path.join(RAW_DIR, name)));
    const { text } = decodeText(bytes);
    const department = transform(await extract(bytes, name)).department;
    if (department) seeds.push({ name, text, department });
  }
  if (seeds.length === 0) throw new Error(`no text sample report with a department name under ${RAW_DIR}`);
  return seeds;
}

/** N distinct reports: each sample in turn, its department renamed (so contents differ), in nested folders. */
async function buildCorpus(dir: string, n: number, seeds: Awaited<ReturnType<typeof textSeeds>>): Promise<number> {
  await rm(dir, { recursive: true, force: true });
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const seed = seeds[i % seeds.length];
    const sub = path.join(dir, String(Math.floor(i / 1000)).padStart(3, '0'));
    if (i % 1000 === 0) await mkdir(sub, { recursive: true });
    const text = seed.text.split(seed.department).join(`${seed.department}第${i}分部`);
    const file = path.join(sub, `${String(i).padStart(6, '0')}_${seed.name}`);
    await writeFile(file, text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

/** The corpus's files (relative to `dir`, in its nested folders), in order. */
async function corpusFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const sub of (await readdir(dir)).sort()) for (const f of (await readdir(path.join(dir, sub))).sort()) files.push(path.join(sub, f));
  return files;
}

/** The floor: read every file and split it into lines, nothing else. */
async function floor(dir: string): Promise<number> {
  const t0 = performance.now();
  const decoder = new TextDecoder();
  let lines = 0;
  for (const f of await corpusFiles(dir)) lines += decoder.decode(await readFile(path.join(dir, f))).split(/\r?\n/).length;
  if (lines === 0) throw new Error('empty corpus');
  return ms(t0);
}

/** Runs the CLI in a child process (so its peak memory is its own), with this process's Node flags, and returns its summary. */
function runCli(rawDir: string, outDir: string, extra: string[] = []): Promise<{ summary: RunSummary; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...process.execArgv, CLI, 'run', '--raw-dir', rawDir, '--out-dir', outDir, '--json', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
    let last = '';
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      if (lines.length) last = lines[lines.length - 1];
    });
    child.on('close', (code) => {
      if (buf) last = buf;
      if (code !== 0) return reject(new Error(`pipeline exited with ${code}`));
      resolve({ summary: JSON.parse(last) as RunSummary, wallMs: ms(t0) });
    });
  });
}

async function textBench(n: number, seeds: Awaited<ReturnType<typeof textSeeds>>) {
  const corpus = path.join(BENCH, `corpus-${n}`);
  const out = path.join(BENCH, `out-${n}`);
  const bytes = await buildCorpus(corpus, n, seeds);
  await rm(out, { recursive: true, force: true });
  const floorMs = await floor(corpus);
  const first = await runCli(corpus, out);
  const rerun = await runCli(corpus, out);
  const t = first.summary.timings;
  const mb = bytes / 1048576;
  if (first.summary.loaded !== n) throw new Error(`expected ${n} reports loaded, got ${first.summary.loaded} (failed ${first.summary.failed}, duplicates ${first.summary.duplicates})`);
  const stage = (millis: number) => ({ seconds: round(millis / 1000, 2), reports_per_s: round(perSec(n, millis)), mb_per_s: round(perSec(mb, millis)) });
  return {
    reports: n,
    megabytes: round(mb),
    // Stage figures are summed over worker threads: throughput of one core on that stage.
    extract: stage(t.readMs + t.extractMs),
    transform: stage(t.transformMs + t.stageMs),
    load: stage(t.loadMs + t.parquetMs),
    end_to_end: stage(first.wallMs),
    floor: stage(floorMs),
    end_to_end_over_floor: round(first.wallMs / floorMs),
    // CPU of all the pipeline's threads: per report, and how many cores were busy on average.
    cpu_ms_per_report: round(t.cpuMs / n, 2),
    // Split by thread: the workers (extract, transform, staging), the main thread (dispatch,
    // staging files) and the others (DuckDB's queries on libuv's pool); null off Linux.
    cpu_ms_per_report_by_thread: t.threadCpuMs && { workers: round(t.threadCpuMs.workers / n, 2), main: round(t.threadCpuMs.main / n, 2), duckdb_and_others: round(t.threadCpuMs.others / n, 2) },
    cores_busy: round(t.cpuMs / first.wallMs, 2),
    peak_rss_mb: round(first.summary.timings.peakRssBytes / 1048576),
    rerun_no_change_s: round(rerun.wallMs / 1000, 2),
    rerun_skipped: rerun.summary.skipped,
    // What publishing by copy costs a run (load/publish.ts): the database's size, the copy at the
    // start of the re-run and its publication (a rename) at the end.
    database_mb: round((await stat(path.join(out, 'disclosures.duckdb'))).size / 1048576),
    rerun_copy_s: round(rerun.summary.timings.copyMs / 1000, 2),
    rerun_publish_s: round(rerun.summary.timings.publishMs / 1000, 3),
  };
}

/**
 * Where the time goes: each stage alone, in this one thread, warm (after a warm-up of half as
 * many reports), per report: extract, transform, checking the rows against the contract and
 * writing them as CSV, and DuckDB (one thread) loading them in one batch. Measured in one
 * process within a minute, the shares hold when the machine's speed drifts between runs.
 */
async function stageBreakdown(seeds: Awaited<ReturnType<typeof textSeeds>>) {
  const n = BREAKDOWN_REPORTS;
  const warm = Math.ceil(n / 2);
  const corpus = path.join(BENCH, 'corpus-breakdown');
  await buildCorpus(corpus, warm + n, seeds);
  const files = await corpusFiles(corpus);
  const batchDir = path.join(BENCH, 'staging-breakdown');
  await rm(batchDir, { recursive: true, force: true }); // staging appends: start empty
  const batch = new StagingBatch(batchDir);
  const spent = { extract: 0, transform: 0, stage: 0 };
  const bytesByTable: Record<string, number> = {};
  for (let i = 0; i < files.length; i++) {
    const bytes = new Uint8Array(await readFile(path.join(corpus, files[i])));
    const r = await processFile({ sourcePath: files[i], bytes, sha256: sha256Hex(bytes) });
    const t0 = performance.now();
    const staged = stageRows(r.rows, r.reportId);
    const stageMs = ms(t0);
    if (i < warm) continue;
    spent.extract += r.timings.extractMs;
    spent.transform += r.timings.transformMs;
    spent.stage += stageMs;
    for (const [table, b] of Object.entries(staged)) bytesByTable[table] = (bytesByTable[table] ?? 0) + b.length;
    batch.add({ sourcePath: files[i], staged });
  }
  const dbDir = path.join(BENCH, 'db-breakdown');
  await rm(dbDir, { recursive: true, force: true });
  const db = await openDatabase(path.join(dbDir, 'bench.duckdb'));
  const t0 = performance.now();
  await loadBatch(db.con, batch, false);
  const loadMs = ms(t0);
  closeDatabase(db);
  await rm(corpus, { recursive: true, force: true });
  await rm(dbDir, { recursive: true, force: true });
  const per = (x: number) => round(x / n, 2);
  const stagedKb = Object.fromEntries(Object.entries(bytesByTable).filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]).map(([t, b]) => [t, round(b / n / 1024)]));
  return {
    reports: n,
    extract_ms: per(spent.extract),
    transform_ms: per(spent.transform),
    stage_ms: per(spent.stage),
    duckdb_load_ms: per(loadMs),
    staged_kb_per_report: round(Object.values(bytesByTable).reduce((a, b) => a + b, 0) / n / 1024),
    staged_kb_by_table: stagedKb,
  };
}

function pdfPages(file: string): number | null {
  try {
    return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? NaN);
  } catch {
    return null;
  }
}

/** The PDFs of the corpus: those of RAW_DIR and the repository's test PDFs (another document, another layout of pages). */
async function pdfSources(): Promise<string[]> {
  const fromRaw = (await readdir(RAW_DIR)).filter((f) => /\.pdf$/i.test(f)).sort().map((f) => path.join(RAW_DIR, f));
  const testData = path.join(import.meta.dirname, '..', '..', 'tests', 'data');
  const fromTests = (await readdir(testData).catch(() => [] as string[])).filter((f) => /\.pdf$/i.test(f)).sort().map((f) => path.join(testData, f));
  return [...fromRaw, ...fromTests];
}

/** pdftotext -layout on every file, `lanes` processes at a time; null when poppler is not installed. */
async function popplerMs(files: string[], lanes: number): Promise<number | null> {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const queue = [...files];
  const t0 = performance.now();
  const lane = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      await new Promise<void>((resolve, reject) => spawn('pdftotext', ['-layout', f, '/dev/null'], { stdio: 'ignore' }).on('close', (c) => (c === 0 ? resolve() : reject(new Error(`pdftotext ${f}: ${c}`)))));
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return ms(t0);
}

async function pdfBench() {
  const sources = await pdfSources();
  if (sources.length === 0) return { skipped: `no PDF under ${RAW_DIR}` };
  if (PDF_COPIES < 1) return { skipped: 'BENCH_PDF_COPIES=0' };
  const corpus = path.join(BENCH, 'corpus-pdf');
  const out = path.join(BENCH, 'out-pdf');
  await rm(corpus, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
  await mkdir(corpus, { recursive: true });
  let pages = 0;
  const files: string[] = [];
  for (let i = 0; i < PDF_COPIES; i++) {
    const source = sources[i % sources.length];
    const bytes = await readFile(source);
    // A trailing comment after %%EOF makes each copy distinct (not a duplicate); readers ignore it.
    const file = path.join(corpus, `${String(i).padStart(3, '0')}_${path.basename(source)}`);
    await writeFile(file, Buffer.concat([bytes, Buffer.from(`\n% bench copy ${i}\n`)]));
    files.push(file);
  }
  const t0 = performance.now();
  for (const f of files) pages += (await extract(new Uint8Array(await readFile(f)), f)).pageCount ?? 0;
  const extractMs = ms(t0);
  const cores = (await import('node:os')).availableParallelism();
  // The pipeline first, pdftotext after, alternately twice: the machine's speed drifts.
  const pipeline = await runCli(corpus, out);
  const poppler1 = await popplerMs(files, 1);
  const popplerAll = await popplerMs(files, cores);
  await rm(out, { recursive: true, force: true });
  const pipeline2 = await runCli(corpus, out);
  const best = pipeline2.wallMs < pipeline.wallMs ? pipeline2 : pipeline;
  const big = await bigPdf(sources[0]);
  const pipelinePps = perSec(pages, best.wallMs);
  const popplerPps = poppler1 === null ? null : perSec(pages, poppler1);
  return {
    files: files.length,
    distinct_documents: Math.min(sources.length, files.length),
    pages,
    pdfinfo_pages_first_file: pdfPages(files[0]),
    extract_pages_per_s: round(perSec(pages, extractMs)),
    pipeline_pages_per_s: round(pipelinePps),
    pipeline_runs_s: [round(pipeline.wallMs / 1000, 2), round(pipeline2.wallMs / 1000, 2)],
    pdftotext_pages_per_s: popplerPps === null ? null : round(popplerPps),
    pdftotext_all_cores_pages_per_s: popplerAll === null ? null : round(perSec(pages, popplerAll)),
    pipeline_over_pdftotext: popplerPps === null ? null : round(pipelinePps / popplerPps, 2),
    cpu_ms_per_page: round(best.summary.timings.cpuMs / pages, 2),
    peak_rss_mb: Math.round(best.summary.timings.peakRssBytes / 2 ** 20),
    big_pdf: big,
    note:
      popplerPps === null
        ? 'pdftotext not found: apt-get install poppler-utils'
        : `pipeline end to end on all ${cores} cores (extract, transform, load, Parquet); extract alone on one thread; pdftotext -layout one file after another (and on all cores), to /dev/null`,
  };
}

/** One PDF of 500 pages (the first sample's pages repeated with pdfunite): the pipeline's peak memory on it. */
async function bigPdf(source: string) {
  const dir = path.join(BENCH, 'corpus-big-pdf');
  const out = path.join(BENCH, 'out-big-pdf');
  await rm(dir, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const pagesOne = pdfPages(source);
  if (!pagesOne) return { skipped: 'pdfinfo not found: apt-get install poppler-utils' };
  const copies = Math.ceil(500 / pagesOne);
  const file = path.join(dir, 'big.pdf');
  try {
    execFileSync('pdfunite', [...Array.from({ length: copies }, () => source), file], { stdio: 'ignore' });
  } catch {
    return { skipped: 'pdfunite not found: apt-get install poppler-utils' };
  }
  const mb = (await stat(file)).size / 2 ** 20;
  const r = await runCli(dir, out, ['--max-file-mb', String(Math.ceil(mb) + 1)]);
  const result = { pages: pdfPages(file), mb: round(mb), seconds: round(r.wallMs / 1000, 2), peak_rss_mb: Math.round(r.summary.timings.peakRssBytes / 2 ** 20), loaded: r.summary.loaded };
  await rm(dir, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
  return result;
}

const byThread = (t: { workers: number; main: number; duckdb_and_others: number } | null) => (t ? `: workers ${t.workers}, main ${t.main}, DuckDB and others ${t.duckdb_and_others}` : '');

async function main() {
  await mkdir(BENCH, { recursive: true });
  const seeds = await textSeeds();
  const result: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).availableParallelism(), text: [] as unknown[] };
  for (const n of ONLY === 'pdf' ? [] : SIZES) {
    console.log(`text corpus of ${n} reports …`);
    const r = await textBench(n, seeds);
    (result.text as unknown[]).push(r);
    console.log(
      `  end to end ${r.end_to_end.seconds} s = ${r.end_to_end.reports_per_s} reports/s, ${r.end_to_end.mb_per_s} MB/s; ${r.end_to_end_over_floor}× the floor (read + split, ${r.floor.seconds} s)\n` +
        `  per core: extract ${r.extract.reports_per_s} reports/s (${r.extract.mb_per_s} MB/s), transform ${r.transform.reports_per_s} reports/s, load ${r.load.reports_per_s} reports/s (single writer)\n` +
        `  CPU ${r.cpu_ms_per_report} ms per report (all threads${byThread(r.cpu_ms_per_report_by_thread)}), ${r.cores_busy} cores busy on average\n` +
        `  peak memory ${r.peak_rss_mb} MB; re-run with nothing changed ${r.rerun_no_change_s} s (${r.rerun_skipped} skipped), of which copying the ${r.database_mb} MB database ${r.rerun_copy_s} s and publishing it ${r.rerun_publish_s} s`,
    );
    await rm(path.join(BENCH, `corpus-${n}`), { recursive: true, force: true });
    await rm(path.join(BENCH, `out-${n}`), { recursive: true, force: true });
  }
  if (ONLY !== 'pdf') {
    console.log(`where the time goes: each stage alone in one thread, warm, ${BREAKDOWN_REPORTS} reports …`);
    const b = await stageBreakdown(seeds);
    result.breakdown = b;
    console.log(
      `  per report: extract ${b.extract_ms} ms, transform ${b.transform_ms} ms, contract check + CSV ${b.stage_ms} ms, DuckDB load ${b.duckdb_load_ms} ms (one batch)\n` +
        `  staged CSV ${b.staged_kb_per_report} KB per report: ${Object.entries(b.staged_kb_by_table).map(([t, kb]) => `${t} ${kb}`).join(', ')}`,
    );
  }
  console.log(`PDF: ${PDF_COPIES} files, copies of ${(await pdfSources()).length} distinct PDFs …`);
  const pdf = await pdfBench();
  result.pdf = pdf;
  if (!('skipped' in pdf)) {
    console.log(
      `  ${pdf.pages} pages: pipeline ${pdf.pipeline_pages_per_s} pages/s end to end (runs of ${pdf.pipeline_runs_s.join(' and ')} s), extract alone ${pdf.extract_pages_per_s} pages/s (one thread)\n` +
        `  pdftotext -layout ${pdf.pdftotext_pages_per_s} pages/s (one at a time; ${pdf.pdftotext_all_cores_pages_per_s} on all cores): pipeline / pdftotext = ${pdf.pipeline_over_pdftotext}\n` +
        `  CPU ${pdf.cpu_ms_per_page} ms per page, peak memory ${pdf.peak_rss_mb} MB; a ${JSON.stringify(pdf.big_pdf)}`,
    );
  } else console.log(`  ${JSON.stringify(pdf)}`);
  const file = path.join(BENCH, `bench-${String(result.date).replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify(result, null, 2) + '\n');
  await writeFile(path.join(BENCH, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${file}`);
}

main().catch((e: Error) => {
  console.error(`bench failed: ${e.message}`);
  process.exit(1);
});
