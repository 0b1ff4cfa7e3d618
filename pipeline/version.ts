// The version of the code that produces a report's rows: the release, and a hash of that code as
// it is run (the compiled files under build/, or the sources under vitest). It changes with any
// change to extraction, transformation or the data contract, so nobody has to remember to bump
// it, and a report parsed by other code is parsed again by the next run (pipeline/plan.ts).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REGIONS_FILE } from '../transform/context.js';

export const RELEASE = '0.4.0';

/** What makes the rows: folders, and single files of the folders that also hold other things. */
const ROW_CODE = ['extract', 'transform', 'schemas', 'pipeline/report', 'load/staging'];

/** Every file of the code `entries` name under `root` with extension `ext`, sorted, hashed with its path. */
export function codeHash(root: string, entries: string[], ext: string): string {
  const files: string[] = [];
  for (const entry of entries) {
    const dir = path.join(root, entry);
    let names: string[];
    try {
      names = (readdirSync(dir, { recursive: true }) as string[]).map((n) => path.join(entry, n));
    } catch {
      names = [entry + ext]; // not a folder: one file
    }
    files.push(...names.filter((n) => n.endsWith(ext)));
  }
  const h = createHash('sha256');
  for (const f of files.sort()) h.update(f.split(path.sep).join('/')).update('\0').update(readFileSync(path.join(root, f))).update('\0');
  return h.digest('hex');
}

let current: string | undefined;

/** RELEASE+<12 hex digits of the hash of the row-making code and the reference data it reads>, computed once per thread. */
export function parserVersion(): string {
  const here = import.meta.dirname; // <root>/pipeline, compiled or not
  if (current === undefined) {
    const code = codeHash(path.join(here, '..'), ROW_CODE, path.extname(import.meta.filename));
    const hash = createHash('sha256').update(code).update(readFileSync(REGIONS_FILE)).digest('hex');
    current = `${RELEASE}+${hash.slice(0, 12)}`;
  }
  return current;
}
