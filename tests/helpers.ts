import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { closeDatabase, openDatabase, type Database } from '../load/duckdb.js';
import path from 'node:path';
import { extract } from '../extract/index.js';
import type { ExtractedDocument } from '../extract/lines.js';
import { REPORT_TABLES } from '../schemas/database.js';
import { transform, type TransformResult } from '../transform/index.js';

export const RAW = path.join(import.meta.dirname, '..', 'data', 'raw');
/** The edited copy of the Shanghai sample PDF (from ../shared/pdf/), with deliberately injected errors. */
export const ALTERED_PDF = path.join(import.meta.dirname, 'data', 'sh-putuo-caizhengju-2024-juesuan-altered.pdf');
/** Shanghai's blank 决算 template (from ../shared/pdf/): every table, no amounts. Kept in the repository, as a clean clone has no ../shared. */
export const BLANK_PDF = path.join(import.meta.dirname, 'data', 'sh-juesuan-template-2024-blank.pdf');

/**
 * A sample's extracted lines. `make mutate` extracts the samples once before its runs
 * (tests/mutate-setup.ts, MUTATE_EXTRACTED): its mutants live in the transform, the checks and
 * the load, and parsing a PDF again for each of them would take most of its time.
 */
export async function extractSample(file: string): Promise<ExtractedDocument> {
  const cached = process.env.MUTATE_EXTRACTED && path.join(process.env.MUTATE_EXTRACTED, `${path.basename(file)}.json`);
  if (cached && existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as ExtractedDocument;
  return extract(new Uint8Array(readFileSync(file)), file);
}

/**
 * Sample reports by file name, extracted (and `prepare`d) once before the file's tests, and made
 * afresh by `make` in each test that reads them (memoised within the test). The work a test asserts on
 * then runs inside it: the mutation tests (make mutate) run a mutant against the tests whose own
 * run reached it, and work done once for all tests would count for none.
 */
export function samplesPerTest<T, P = undefined>(files: string[], make: (doc: ExtractedDocument, prepared: P) => T, prepare?: (doc: ExtractedDocument) => P): Record<string, T> {
  const docs = new Map<string, string>();
  const prepared = new Map<string, P>();
  const made = new Map<string, T>();
  beforeAll(async () => {
    for (const f of files) {
      const doc = await extractSample(f);
      docs.set(path.basename(f), JSON.stringify(doc));
      if (prepare) prepared.set(path.basename(f), prepare(doc));
    }
  });
  beforeEach(() => made.clear());
  return new Proxy({} as Record<string, T>, {
    get: (_, name: string) => {
      if (!made.has(name)) {
        const doc = docs.get(name);
        if (doc === undefined) throw new Error(`no sample ${name}`);
        made.set(name, make(JSON.parse(doc) as ExtractedDocument, prepared.get(name) as P));
      }
      return made.get(name);
    },
  });
}

/** A DuckDB database of the contract in a temporary folder, for the tests of a suite: opened before them, removed after. */
export function tempDatabase(prefix: string): { readonly dir: string; readonly db: Database } {
  const state = {} as { dir: string; db: Database };
  beforeAll(async () => {
    state.dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    state.db = await openDatabase(path.join(state.dir, 'test.duckdb'));
  });
  afterAll(async () => {
    closeDatabase(state.db);
    await rm(state.dir, { recursive: true, force: true });
  });
  return state;
}

export async function transformFile(file: string): Promise<TransformResult> {
  return transform(await extractSample(file));
}

export async function transformText(text: string, name = 'x.txt'): Promise<TransformResult> {
  return transform(await extract(new TextEncoder().encode(text), name));
}

/** amount_yuan (or quantity) of one cell, or undefined when the cell is blank. */
export function cell(r: TransformResult, table: string, rowKey: string, col: number): string | undefined {
  const li = r.lineItems.find((x) => x.table_code === table && x.row_key === rowKey && x.col_no === col);
  return li ? (li.amount_yuan ?? li.quantity ?? undefined) : undefined;
}

export const CLI = path.join(import.meta.dirname, '..', 'build', 'pipeline', 'cli.js');

/** Runs the compiled CLI (make test builds it first), `input` on its standard input, and returns its exit code and output. */
export function runCli(args: string[], env: Record<string, string> = {}, input = ''): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    child.stdin.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Read-only query on a database file; DECIMAL and BIGINT come back as strings. */
export async function queryDb(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const con = await inst.connect();
  try {
    return (await con.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}

/** Every table's rows (without load timestamps), sorted: comparable across runs. */
export async function snapshot(out: string): Promise<Record<string, unknown[]>> {
  const snap: Record<string, unknown[]> = {};
  for (const spec of REPORT_TABLES) {
    // Which run loaded a row, and when, differs between runs that load the same rows.
    const cols = Object.keys(spec.columns).filter((c) => c !== 'ingested_at' && c !== 'occurred_at' && c !== 'run_id');
    snap[spec.name] = await queryDb(path.join(out, 'disclosures.duckdb'), `SELECT ${cols.join(', ')} FROM ${spec.name} ORDER BY ALL`);
  }
  return snap;
}
