// Indicator labels (一级/二级指标) and the national framework that relates them.

export const LEVEL2_PARENT: Record<string, string | null> = {
  数量指标: '产出指标',
  质量指标: '产出指标',
  时效指标: '产出指标',
  成本指标: null, // under 产出指标 in older forms, an 一级指标 of its own in newer ones
  经济效益指标: '效益指标',
  社会效益指标: '效益指标',
  生态效益指标: '效益指标',
  可持续影响指标: '效益指标',
  可持续发展指标: '效益指标',
  服务对象满意度指标: '满意度指标',
  经济成本指标: '成本指标',
  社会成本指标: '成本指标',
  生态环境成本指标: '成本指标',
};
export const LEVEL1 = new Set(['产出指标', '效益指标', '满意度指标']);
const ALL_LABELS = [...Object.keys(LEVEL2_PARENT), ...LEVEL1, '绩效指标'];
const stems = [...Object.keys(LEVEL2_PARENT), ...LEVEL1].map((l) => l.replace(/指标$/, '')).sort((a, b) => b.length - a.length);
/** Labels in running text, possibly cut before 指标 ("服务对象满意度指", "社会效益"). */
const LABEL_TOKEN_RE = new RegExp(`(${stems.join('|')})(?:指标?)?`, 'g');
/** Full labels only (the declaration form, where a 三级指标 may repeat a label stem). */
export const FULL_LABEL_RE = new RegExp(`(${stems.join('|')})指标`, 'g');

/** A cell that is exactly a label name, with or without 指标 ("服务对象满意度"). */
export const LABEL_NAME_RE = new RegExp(`^(${stems.join('|')})(指标)?$`);
/** Every non-empty substring of every label (a few hundred), for a lookup instead of a search. */
const LABEL_FRAGMENTS = new Set<string>();
for (const l of ALL_LABELS) for (let i = 0; i < l.length; i++) for (let j = i + 1; j <= l.length; j++) LABEL_FRAGMENTS.add(l.slice(i, j));
/** A piece of a label wrapped over lines ("产出指", "标", "满意度指", "可持续影"). */
export const isLabelFragment = (c: string) => LABEL_FRAGMENTS.has(c);
export function allLabelFragments(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!LABEL_FRAGMENTS.has(cells[i])) return false;
  return true;
}

export function labelTokens(text: string): string[] {
  const tokens: string[] = [];
  if (text === '') return tokens; // most indicator lines print no label of their own
  // exec() on the shared global expression: matchAll() would copy it on every call.
  LABEL_TOKEN_RE.lastIndex = 0;
  for (let m; (m = LABEL_TOKEN_RE.exec(text)) !== null; ) tokens.push(m[1] + '指标');
  return tokens;
}

/** Tracks the 一级/二级 labels that span several indicator lines. */
export class LabelState {
  private level1: string | null = null;
  private level2: string | null = null;
  private level2Reason: string | null = null;
  private candidates: string[] = [];

  /** Applies the labels printed since the previous indicator line. */
  update(labelText: string): void {
    const tokens = labelTokens(labelText);
    if (tokens.length === 0) return;
    // The distinct 一级 and 二级 labels, in order.
    const l1: string[] = [];
    const l2: string[] = [];
    for (const t of tokens) {
      const list = LEVEL1.has(t) ? l1 : l2;
      if (!list.includes(t)) list.push(t);
    }
    if (l1.length === 1) this.level1 = l1[0];
    else if (l1.length > 1) this.level1 = null;
    if (l2.length === 1) {
      this.level2 = l2[0];
      this.level2Reason = null;
      this.candidates = l2;
    } else if (l2.length > 1) {
      this.level2 = null;
      this.candidates = l2;
      this.level2Reason = `二级指标 unknown: the line carries several 二级 labels (${l2.join('、')}), label cells misplaced in the source`;
    } else {
      this.level2 = null;
      this.candidates = [];
      this.level2Reason = l1.length > 1 ? `一级/二级指标 unknown: several 一级 labels on one line (${l1.join('、')}) and no 二级 label` : '二级指标 unknown: a new 一级指标 starts without a 二级 label';
    }
  }

  current(): { level1: string | null; level2: string | null; reasons: string[] } {
    const reasons = this.level2Reason ? [this.level2Reason] : [];
    if (this.candidates.length === 0) {
      if (!this.level2Reason) reasons.push('二级指标 not printed');
      return { level1: this.level1, level2: null, reasons };
    }
    const parent = LEVEL2_PARENT[this.candidates[0]] ?? null;
    let oneParent = true;
    for (const c of this.candidates) if ((LEVEL2_PARENT[c] ?? null) !== parent) oneParent = false;
    let level1: string | null = null;
    if (oneParent && parent !== null) level1 = parent;
    else if (this.candidates.length === 1) {
      // 成本指标: under 产出指标 in older forms, an 一级指标 of its own in newer ones.
      if (this.level1 === '产出指标' || this.level1 === '成本指标') level1 = this.level1;
      else reasons.push(`一级指标 unknown: 成本指标 printed under ${this.level1 ?? 'no'} 一级 label`);
    } else reasons.push('一级指标 unknown: the 二级 labels of the line belong to different 一级指标');
    return { level1, level2: this.level2, reasons };
  }
}
