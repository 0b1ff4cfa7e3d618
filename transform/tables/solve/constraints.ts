// Identities as constraints on readings (checks.ts' rule: how far a reading is from holding), and
// the run of numbers offered to several rows that exactly one takes.
import type { TableCode } from '../../../schemas/contract.js';
import { parseDecimal, pow10, shift, UNIT_EXPONENT } from '../../decimal.js';
import type { Identity } from '../identities.js';
import type { Cand, Constraint, Ref, Slot } from './types.js';

/**
 * A printed amount in 元 at `scale` decimals, and half a unit of its last printed digit; null for
 * a cell that is no number (a placeholder such as —). `scale` exceeds every converted amount's.
 */
export function yuanUnits(text: string, unit: string, scale: number): { value: bigint; half: bigint } | null {
  const d = parseDecimal(text);
  if (!d) return null;
  const exp = UNIT_EXPONENT[unit] ?? 0;
  const y = shift(d, exp);
  return { value: y.units * pow10(scale - y.scale), half: 5n * pow10(scale - d.scale - 1 + exp) };
}

/** The pool index a reading puts in a column, or -1. */
export function valueAt(cand: Cand, col: number): number {
  for (let i = 0; i < cand.length; i++) if (cand[i] === col) return i;
  return -1;
}

/**
 * How far an identity is from holding (in the solve's units), or -1 when that is more than
 * rounding explains: checks.ts' rule. `terms[0]` is the expected total; `at` says which pool
 * number a ref's slot puts in the ref's column under the readings chosen.
 */
function offBy(terms: Ref[][], atLeast: boolean, at: (ref: Ref) => number): bigint {
  let sum = 0n;
  let expectedPrinted = false;
  let printedParts = 0;
  let maxHalf = 0n;
  for (let t = 0; t < terms.length; t++) {
    let printed = false;
    let value = 0n;
    let half = 0n;
    for (const ref of terms[t]) {
      if (!ref.slot) continue;
      const i = at(ref);
      if (i < 0) continue;
      printed = true;
      value += ref.slot.values[i];
      half += ref.slot.halves[i];
    }
    if (!printed) continue;
    if (t === 0) expectedPrinted = true;
    else printedParts++;
    if (half > maxHalf) maxHalf = half;
    sum += t === 0 ? -value : value;
  }
  if (!expectedPrinted && printedParts === 0) return 0n;
  const diff = sum < 0n && !atLeast ? -sum : sum;
  if (diff > maxHalf * BigInt(printedParts + 1)) return -1n;
  return diff < 0n ? 0n : diff;
}

/** offBy for an identity within one row, read as `cand` (no refs resolved, nothing allocated). */
export function holdsInRow(identity: Identity, slot: Slot, cand: Cand): boolean {
  let sum = 0n;
  let printedParts = 0;
  let expectedPrinted = false;
  let maxHalf = 0n;
  const terms = identity.parts.length + 1;
  for (let t = 0; t < terms; t++) {
    const refs = t === 0 ? identity.expected : identity.parts[t - 1];
    let printed = false;
    let value = 0n;
    let half = 0n;
    for (const ref of refs) {
      const i = valueAt(cand, ref.col);
      if (i < 0) continue;
      printed = true;
      value += slot.values[i];
      half += slot.halves[i];
    }
    if (!printed) continue;
    if (t === 0) expectedPrinted = true;
    else printedParts++;
    if (half > maxHalf) maxHalf = half;
    sum += t === 0 ? -value : value;
  }
  if (!expectedPrinted && printedParts === 0) return true;
  const diff = sum < 0n && identity.relation !== '≥' ? -sum : sum;
  return diff <= maxHalf * BigInt(printedParts + 1);
}

function refsOf(identity: Identity, slotOf: (table: TableCode, key: string) => Slot | undefined): Ref[][] {
  return [identity.expected, ...identity.parts].map((refs) => refs.map((ref) => ({ slot: slotOf(ref.table, ref.key) ?? null, col: ref.col })));
}

/** An identity as a constraint. */
export function identityConstraint(identity: Identity, slotOf: (table: TableCode, key: string) => Slot | undefined): Constraint {
  const terms = refsOf(identity, slotOf);
  const slots = [...new Set(terms.flat().flatMap((r) => (r.slot ? [r.slot] : [])))];
  const atLeast = identity.relation === '≥';
  return {
    slots,
    terms,
    atLeast,
    key(slot, cand) {
      let key = '';
      for (const term of terms) for (const ref of term) if (ref.slot === slot) key += `${valueAt(cand, ref.col)},`;
      return key;
    },
    check: (choice) => offBy(terms, atLeast, (ref) => valueAt(choice.get(ref.slot!)!, ref.col)),
  };
}

/** A run of numbers offered to several rows: exactly one takes it. */
export function runConstraint(id: string, slots: Slot[]): Constraint {
  const takes = (slot: Slot, cand: Cand) => slot.run.some((r, i) => r === id && cand[i] > 0);
  return {
    slots,
    key: (slot, cand) => (takes(slot, cand) ? '1' : '0'),
    check: (choice) => (slots.filter((s) => takes(s, choice.get(s)!)).length === 1 ? 0n : -1n),
  };
}
