// A publication printed as two files, its narrative (…说明) and its tables (…表), is one report.
// Pairs are told by their names here, and by their content after parsing (pipeline/run.ts).
import path from 'node:path';

// The word ending a file's name that says which part it is (before the extension), with the
// separator before it: Chinese names and their pinyin or English.
const NARRATIVE = /[-_ .]?(?:情况说明|预算说明|决算说明|公开说明|说明|shuoming|narrative|text)$/i;
const TABLES = /[-_ .]?(?:公开表|预算表|决算表|报表|附表|表格|表|biao|tables?)$/i;

const stem = (file: string) => {
  const base = path.posix.basename(file).replace(/\.[^.]+$/, '');
  return { dir: path.posix.dirname(file), base };
};

/** Narrative file → tables file, for two files of one folder whose names differ only in that last word. */
export function namePairs(files: string[]): Map<string, string> {
  const tables = new Map<string, string>();
  for (const f of files) {
    const { dir, base } = stem(f);
    if (TABLES.test(base)) tables.set(`${dir}/${base.replace(TABLES, '')}`, f);
  }
  const pairs = new Map<string, string>();
  for (const f of files) {
    const { dir, base } = stem(f);
    if (!NARRATIVE.test(base)) continue;
    const t = tables.get(`${dir}/${base.replace(NARRATIVE, '')}`);
    if (t && t !== f) pairs.set(f, t);
  }
  return pairs;
}

export interface PairCandidate {
  path: string;
  kind: string;
  departmentKey: string | null;
  fiscalYear: number | null;
}

/**
 * Pairs by content: a narrative without tables and a file of tables without a narrative, in one
 * folder, of the same kind and department (department_key) and, where both state it, year. A
 * narrative that could go with two files of tables (or two narratives with one) pairs with none.
 */
export function contentPairs(narratives: PairCandidate[], tables: PairCandidate[]): Map<string, string> {
  const fits = (n: PairCandidate, t: PairCandidate) =>
    path.posix.dirname(n.path) === path.posix.dirname(t.path) && n.kind === t.kind && n.departmentKey !== null && n.departmentKey === t.departmentKey && (n.fiscalYear === null || t.fiscalYear === null || n.fiscalYear === t.fiscalYear);
  const pairs = new Map<string, string>();
  for (const n of narratives) {
    const matches = tables.filter((t) => fits(n, t));
    if (matches.length !== 1) continue;
    if (narratives.filter((o) => fits(o, matches[0])).length !== 1) continue;
    pairs.set(n.path, matches[0].path);
  }
  return pairs;
}
