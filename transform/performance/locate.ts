// Where the appendices' tables are.
import type { Line } from '../../extract/lines.js';
import { compact, compactIncludes, firstCell, firstCode, hasLeadingEmptyCell, joinText, lineText } from './lines.js';

export interface TableSpan {
  titleStart: number;
  anchor: number; // the 项目名称 line
  end: number; // exclusive
  title: string | null;
  declaration: boolean;
}

export const TITLE_HINT = /绩效|自评|申报表|年度[)）]/;

const ANCHOR_CODE = '项'.charCodeAt(0); // 项目名称
const BLOCK_CODE = '实'.charCodeAt(0); // 实施期资金

/**
 * The only pass over every line of the report. Most lines (the tables and the narrative)
 * belong to no appendix, so each gets one cheap test on its first character: a table
 * starts at a line beginning with 项目名称, a declaration form's indicator block at one
 * beginning with 实施期资金. Everything else is read only inside the spans these open.
 */
export function candidateLines(lines: Line[]): { anchors: number[]; blockStarts: number[] } {
  const anchors: number[] = [];
  const blockStarts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    // firstCode(lines[i]), with its common case inline: this loop runs over every line.
    const c = lines[i].cells[0];
    let first = c === undefined || c === '' ? NaN : c.charCodeAt(0);
    if (!((first > 0x20 && first < 0x7f) || (first >= 0x4e00 && first <= 0x9fff))) first = firstCode(lines[i]);
    if (first === ANCHOR_CODE) anchors.push(i);
    else if (first === BLOCK_CODE) blockStarts.push(i);
  }
  return { anchors, blockStarts };
}

export function findTables(lines: Line[], candidates: number[]): TableSpan[] {
  const anchors: { titleStart: number; anchor: number; title: string | null }[] = [];
  for (const i of candidates) {
    if (!firstCell(lines[i]).startsWith('项目名称')) continue;
    const titled = (i >= 1 && TITLE_HINT.test(compact(lines[i - 1]))) || (i >= 2 && TITLE_HINT.test(compact(lines[i - 2])));
    if (!titled) continue;
    // A title wraps over two lines: keep the line above when the title line is only the
    // year, or when the line above is indented like a centred title (and is no sentence).
    let titleStart = i - 1;
    const l1 = lines[i - 1];
    const l0 = lines[i - 2];
    if (l0 && (/^[(（]/.test(lineText(l1)) || hasLeadingEmptyCell(l0)) && !/[。]$/.test(lineText(l0)) && compact(l0).length <= 60) titleStart = i - 2;
    if (titleStart < 0) titleStart = 0;
    const title = joinText(titleStart === i - 2 ? [lineText(lines[i - 2]), lineText(lines[i - 1])] : [lineText(lines[titleStart])], '');
    anchors.push({ titleStart, anchor: i, title });
  }
  const spans: TableSpan[] = [];
  for (let k = 0; k < anchors.length; k++) {
    const a = anchors[k];
    const end = k + 1 < anchors.length ? anchors[k + 1].titleStart : lines.length;
    // 全年预算 first: it is printed near the top of a self-evaluation table, which ends the search.
    const declaration = /申报表/.test(a.title ?? '') || (!spanHas(lines, a.anchor, end, '全年预算') && spanHas(lines, a.anchor, end, '年度资金总额'));
    spans.push({ titleStart: a.titleStart, anchor: a.anchor, end, title: a.title, declaration });
  }
  return spans;
}

/** Whether the compact text of a line in [from, to) contains `needle`. The last span runs to the end of the report: no line is compacted for nothing. */
function spanHas(lines: Line[], from: number, to: number, needle: string): boolean {
  for (let i = from; i < to; i++) if (compactIncludes(lines[i], needle)) return true;
  return false;
}
