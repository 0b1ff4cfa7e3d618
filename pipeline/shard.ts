// A stable 1/N of RAW_DIR for each of N machines: a file belongs to shard K of N by a hash of its
// path relative to RAW_DIR, so adding or removing files moves no other file between shards, and
// the same file lands in the same shard on every machine and every day.
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based, as `--shard 1/4` … `4/4` (Playwright's convention; a Kubernetes JOB_COMPLETION_INDEX is K − 1). */
  k: number;
  n: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || k < 1 || k > n) throw new Error(`--shard must be K/N with 1 ≤ K ≤ N (e.g. 1/4), not ${text}`);
  return { k, n };
}

export const shardText = (s: Shard) => `${s.k}/${s.n}`;

/** Shard (1-based) of a path: the first 48 bits of its SHA-256, modulo N. */
export function shardOf(relativePath: string, n: number): number {
  const h = createHash('sha256').update(relativePath).digest();
  return Number(h.readUIntBE(0, 6) % n) + 1;
}

export const inShard = (relativePath: string, s: Shard) => shardOf(relativePath, s.n) === s.k;
