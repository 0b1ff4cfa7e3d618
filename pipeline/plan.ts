// Which files a run parses, and why: pure, so `run --dry-run` and the run itself agree.
import type { KnownSource } from '../load/duckdb.js';

export type ParseReason = 'new' | 'changed' | 'older_parser' | 'twin_removed' | 'companion';

export interface PlannedFile {
  path: string;
  /** SHA-256 when it was hashed before parsing (files the database knows); null for new files. */
  sha: string | null;
  size: number;
  reason: ParseReason;
  /** For 'older_parser': the version that produced the rows held now. */
  was?: string | null;
  /** The report's narrative printed in a file of its own, parsed with this file of its tables. */
  narrative?: PlannedFile;
}

export interface Plan {
  parse: PlannedFile[];
  skipped: number;
  /** Content hash → the first path (in sorted order) whose rows hold it: a later file with that content is its duplicate. */
  loadedShas: Map<string, string>;
}

/**
 * A file is skipped only when its content is unchanged and the current code produced its rows
 * (a recorded duplicate: while its twin is still loaded). `present` holds the files under
 * RAW_DIR in sorted order, with the hash of those the database knows.
 */
export function planRun(present: Map<string, { sha: string | null; size: number }>, known: Map<string, KnownSource>, version: string): Plan {
  const loadedShas = new Map<string, string>();
  for (const [p, k] of known) if (!k.duplicate && present.get(p)?.sha === k.sha256) loadedShas.set(k.sha256, p);
  const parse: PlannedFile[] = [];
  let skipped = 0;
  for (const [p, { sha, size }] of present) {
    const k = known.get(p);
    if (!k) parse.push({ path: p, sha, size, reason: 'new' });
    // Stryker disable next-line ConditionalExpression: a known hash is never null, so it differs from a null one anyway.
    else if (sha === null || k.sha256 !== sha) parse.push({ path: p, sha, size, reason: 'changed' });
    else if (k.duplicate) {
      if (loadedShas.has(sha)) skipped++;
      else parse.push({ path: p, sha, size, reason: 'twin_removed' });
    } else if (k.parserVersion !== version) parse.push({ path: p, sha, size, reason: 'older_parser', was: k.parserVersion });
    else skipped++;
  }
  return { parse, skipped, loadedShas };
}

/**
 * A report printed as two files (tables, and narrative) is parsed as one whenever either file is
 * to be parsed: the narrative rides with its tables file, which is planned ('companion') even when
 * unchanged. `pairs` maps narrative file → tables file (both present). Skipped counts files.
 */
export function withCompanions(plan: Plan, pairs: Map<string, string>, present: Map<string, { sha: string | null; size: number }>): Plan {
  const parse = plan.parse.map((f) => ({ ...f }));
  let skipped = plan.skipped;
  for (const [narrative, tables] of pairs) {
    const n = parse.findIndex((f) => f.path === narrative);
    let t = parse.findIndex((f) => f.path === tables);
    if (n < 0 && t < 0) continue;
    const told = n >= 0 ? parse[n] : { path: narrative, ...present.get(narrative)!, reason: 'companion' as const };
    if (n < 0) skipped--;
    if (t < 0) {
      parse.push({ path: tables, ...present.get(tables)!, reason: 'companion' });
      skipped--;
      t = parse.length - 1;
    }
    parse[t].narrative = told;
    if (n >= 0) parse.splice(n, 1);
  }
  // In file order, as the run stages its results.
  parse.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { parse, skipped, loadedShas: plan.loadedShas };
}
