// The classification code a row starts with: whole, drawn twice in bold, glued to its name, or
// printed as 类 款 项 in columns of their own.
import type { Token } from '../tokens.js';

export function undoubleCode(text: string, pattern: RegExp): string | null {
  if (pattern.test(text)) return text;
  const half = text.slice(0, text.length / 2);
  return text.length % 2 === 0 && half + half === text && pattern.test(half) ? half : null;
}

export const CODE_GLUED_TO_NAME = /^[[【]?(\d{3,7})[\]】]?([\u3400-\u9fff].*)$/;

/**
 * The classification code a row starts with, at tokens[i]: a whole code ("2080501", also drawn
 * twice in bold), a code glued to its name ("[208]社会保障和就业支出", "2080501行政单位离退休"), or
 * 类 款 项 printed in columns of their own ("208 05 01", empty cells between them allowed when
 * the row's name follows). `next` is the index of the first token after the code.
 */
export function leadingCode(tokens: Token[], i: number, pattern: RegExp, maxLength: number): { code: string; label?: string; next: number } | null {
  const t = tokens[i];
  if (t.kind === 'label') {
    const m = CODE_GLUED_TO_NAME.exec(t.text);
    return m && pattern.test(m[1]) ? { code: m[1], label: m[2], next: i + 1 } : null;
  }
  if (t.kind !== 'int') return null;
  let code = undoubleCode(t.text, pattern);
  if (code === null) return null;
  let next = i + 1;
  if (code.length === 3 || code.length === maxLength - 2) {
    const named = tokens.slice(i + 1).some((x) => x.kind === 'label');
    for (let j = i + 1; j < tokens.length && code.length < maxLength; j++) {
      if (tokens[j].kind === 'empty' && named) continue;
      if (tokens[j].kind !== 'int' || !/^\d{2}$/.test(tokens[j].text)) break;
      code += tokens[j].text;
      next = j + 1;
    }
  }
  return { code, next };
}
