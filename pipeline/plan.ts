// Which files a run parses, and why: pure, so `run --dry-run` and the run itself agree.
import type { KnownSource } from '../load/duckdb.js';

export type ParseReason = 'new' | 'changed' | 'older_parser' | 'twin_removed';

export interface PlannedFile {
  path: string;
  /** SHA-256 when it was hashed before parsing (files the database knows); null for new files. */
  sha: string | null;
  size: number;
  reason: ParseReason;
  /** For 'older_parser': the version that produced the rows held now. */
  was?: string | null;
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
