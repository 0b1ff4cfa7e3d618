// The generator's self-test, apart from the product's tests (its own vitest project, "generator"):
// every synthetic report satisfies every identity the checks evaluate, with no parsing involved.
// A failure here is a generator bug; the product's round trips (tests/synthetic.test.ts) rely on it.
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../transform/tables/checks.js';
import type { ParsedTable } from '../../transform/tables/model.js';
import { IDENTITY_KINDS, seedList } from './compare.js';
import { randomReport, type SynthReport } from './generate.js';

/**
 * The generated tables as the parser would hand them to the checks (no parsing involved): the
 * generator's own answer must satisfy every identity, so a failure below is the parser's.
 */
function asParsed(report: SynthReport): ParsedTable[] {
  return report.tables.map((t) => ({
    code: t.code,
    title: t.code,
    unit: report.unit,
    declaredEmpty: t.empty,
    notes: [],
    rows: t.rows
      .filter((r) => r.label !== '' || Object.keys(r.cells).length > 0)
      .map((r) => ({
        key: r.key,
        label: r.label,
        rowNo: r.rowNo ?? null,
        side: r.side,
        parent: r.key.includes(':') && !/^(income|expenditure):/.test(r.key) ? r.key.split(':')[0] : undefined,
        cells: new Map(Object.entries(r.cells).map(([c, text]) => [Number(c), { text }])),
      })),
  }));
}

describe('synthetic reports satisfy every identity of transform/checks.ts', () => {
  it.each(seedList('SYNTH_SEEDS', 200))('seed %i', (seed) => {
    const failing = runChecks(asParsed(randomReport(seed))).filter((c) => IDENTITY_KINDS.has(c.kind) && !c.passed);
    expect(failing.map((c) => `${c.check_id}: ${c.detail}`), `generator bug at seed ${seed}`).toEqual([]);
  });
});
