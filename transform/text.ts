// Prose of a report (the narrative, the profile): lines joined into running text, each character
// knowing the line it came from.
import { firstNonSpace, lineText, type Line } from '../extract/lines.js';

/** Removes whitespace (cells are split on spaces, PDF text has stray ones) but keeps two numbers apart. */
export function compact(s: string): string {
  // Lines come cleaned (NFKC per cell) from extract(); only spacing is left to remove.
  return /\s/.test(s) ? s.replace(/(\d)\s+(?=\d)|\s+/g, (_m, digit?: string) => (digit ? `${digit} ` : '')) : s;
}

/** A line's cells as one compacted string, cached per line (the readers here use LineTexts instead). */
const TEXT_CACHE = new WeakMap<Line, string>();
export function textOf(l: Line): string {
  let t = TEXT_CACHE.get(l);
  if (t === undefined) TEXT_CACHE.set(l, (t = compact(lineText(l))));
  return t;
}

/**
 * The compacted text of each line, computed on first use. Most lines of a report are table rows
 * that no heading or sentence pattern can match, and compacting them all would cost more than
 * everything else the readers do; so the readers look at a line's first or last character (which
 * compaction keeps: it only removes whitespace, and never leaves any at either end) and ask for
 * its text only when that character can start or end what they look for.
 */
export class LineTexts {
  private texts: (string | undefined)[];
  private firsts: (string | undefined)[];
  constructor(readonly lines: Line[]) {
    this.texts = new Array(lines.length);
    this.firsts = new Array(lines.length);
  }
  get length(): number {
    return this.lines.length;
  }
  /** What textOf(lines[i]) gives, without its WeakMap (dearer than compacting the few lines asked for); i must be a line's index. */
  at(i: number): string {
    return (this.texts[i] ??= compact(lineText(this.lines[i])));
  }
  /** The first character of at(i), '' for an empty line. */
  first(i: number): string {
    let ch = this.firsts[i];
    if (ch === undefined) {
      const t = this.texts[i] ?? this.lines[i].text; // compaction keeps the first and last characters
      this.firsts[i] = ch = t !== undefined ? t.charAt(0) : firstNonSpace(this.lines[i].cells);
    }
    return ch;
  }
  /** The last character of at(i), '' for an empty line. */
  last(i: number): string {
    const t = this.texts[i] ?? this.lines[i].text;
    if (t !== undefined) return t.charAt(t.length - 1);
    const cells = this.lines[i].cells;
    for (let k = cells.length - 1; k >= 0; k--) {
      const s = cells[k].trimEnd();
      if (s) return s[s.length - 1];
    }
    return '';
  }
  /** Whether the line has any of `chars` (compaction adds none): a cheap test before a regex on at(i). */
  has(i: number, chars: string[]): boolean {
    const t = this.texts[i] ?? this.lines[i].text;
    if (t !== undefined) return chars.some((ch) => t.includes(ch));
    return this.lines[i].cells.some((c) => chars.some((ch) => c.includes(ch)));
  }
}

/** Chinese numerals of ordinal headings ("一、", "第三部分"). */
export const NUMERALS = new Set('一二三四五六七八九十');

export class Joined {
  text = '';
  private starts: number[] = [];
  private sources: Line[] = [];
  push(l: Line, text: string): void {
    this.starts.push(this.text.length);
    this.sources.push(l);
    this.text += text; // wrapped lines continue the sentence: no separator
  }
  /** The last line starting at or before offset (the first line for an offset before it). */
  lineAt(offset: number): Line | undefined {
    return this.sources[lineIndexAt(this.starts, offset)];
  }
}

/**
 * Index of the last of `starts` (non-decreasing offsets where lines start; empty lines repeat one)
 * that is at or before offset; 0 when offset is before them all, -1 when there are none.
 * A binary search: walking back from the end was quadratic over a section's claims.
 */
export function lineIndexAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return hi;
}
