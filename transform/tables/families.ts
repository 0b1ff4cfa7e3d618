// Layout families, described as data: what marks each in the first lines of its tables, and how
// its tables are read where the input keeps positions (a PDF, text laid out in columns). A new
// region is a description here (and tests), not a new module. Whatever extracted a report, its
// family is told by its own tables (the words are in every extractor's text), never by the input
// form.
import type { Line } from '../../extract/lines.js';
import type { TableRegion } from './locate.js';

export type Layout = 'national' | 'shanghai' | 'unknown';

export interface LayoutFamily {
  name: Exclude<Layout, 'unknown'>;
  /** Words the family prints in a table's first lines (title, markers, header); null: none of them. */
  marks: RegExp | null;
  /**
   * How positions are read: through the 栏次 line's grid into lines of cells, as text would give
   * them ('grid'); or rows anchored on their codes and labels, numbers proposed to the columns
   * their heads name ('heads').
   */
  geometry: 'grid' | 'heads';
}

export const FAMILIES: LayoutFamily[] = [
  // 财政部's national template: 公开01表 … 公开10表, 行次 and 栏次 numbering rows and columns.
  { name: 'national', marks: /公开\s*\d{1,2}\s*表?|栏次|行次/, geometry: 'grid' },
  // Titles and heads only (Shanghai's nine tables, and regions like it).
  { name: 'shanghai', marks: null, geometry: 'heads' },
];

/** The family whose marks most of the report's tables print; the unmarked family otherwise. */
export function familyOf(lines: Line[], regions: TableRegion[]): LayoutFamily | null {
  if (regions.length === 0) return null;
  // The marks sit in a table's first lines (title, 公开NN表, header, 栏次 row).
  const text = (r: TableRegion) => lines.slice(r.start, Math.min(r.end, r.start + 30)).map((l) => l.cells.join('')).join('\n');
  for (const f of FAMILIES) if (f.marks && regions.filter((r) => f.marks!.test(text(r))).length * 2 >= regions.length) return f;
  return FAMILIES.find((f) => f.marks === null)!;
}
