// Round trip on reports the parser has never seen: a seeded generator (tests/synthetic/generate.ts)
// builds the ten national tables with every identity of transform/tables/identities.ts holding
// exactly, the renderer prints them as pdf.js-style text and as markdown the way the sample
// reports do, and the whole pipeline (extract, transform, the data contract, DuckDB) must load
// every printed cell — no more, no less — in 元, exactly, as the database gives it back.
//
// Reproduce one case:  SYNTH_SEEDS=17 SYNTH_DUMP=/tmp/synth npx vitest run tests/synthetic.test.ts
// (SYNTH_SEEDS takes "17", "3,17" or "1-200"; SYNTH_DUMP writes each rendered input there.)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareCells, compareTables, expectedCells, identityFailures, seedList } from './synthetic/compare.js';
import { randomReport, type SynthReport } from './synthetic/generate.js';
import { throughPipeline, type Loaded } from './synthetic/pipeline.js';
import { randomStyle, renderMarkdown, renderText } from './synthetic/render.js';

/** Every difference between the generated report and what the pipeline loaded, one line each. */
function compare(report: SynthReport, loaded: Loaded): string[] {
  if (!loaded.result || loaded.error) return [`did not load: ${loaded.error}`];
  return [...compareTables(report, loaded.result), ...compareCells(expectedCells(report), loaded.lineItems, report.unit, (li) => `at line ${li.source_line}`), ...identityFailures(loaded.result)];
}

const cases = seedList('SYNTH_SEEDS', 200).flatMap((seed) => [
  { seed, format: 'text' as const },
  { seed, format: 'markdown' as const },
]);

describe('synthetic reports round-trip through the parser', () => {
  it.each(cases)('seed $seed ($format)', async ({ seed, format }) => {
    const report = randomReport(seed);
    const style = randomStyle(seed);
    const input = format === 'text' ? renderText(report, style) : renderMarkdown(report);
    const name = `synthetic-${seed}.${format === 'text' ? 'txt' : 'md'}`;
    if (process.env.SYNTH_DUMP) {
      mkdirSync(process.env.SYNTH_DUMP, { recursive: true });
      writeFileSync(path.join(process.env.SYNTH_DUMP, name), input);
    }
    const [loaded] = await throughPipeline([{ name, bytes: new TextEncoder().encode(input) }]);
    const problems = compare(report, loaded);
    // The renderer's spacing is exact: any placement decision means the parser misread it.
    const placement = (loaded.result?.checks ?? [])
      .filter((c) => c.kind === 'column_placement' && (!c.passed || /identities placed/.test(c.detail ?? '')))
      .map((c) => `  placement note ${c.table_code} ${c.subject} (${c.passed ? 'passed' : 'failed'}): ${c.detail}`);
    const header = [
      `seed ${seed}, ${format}: ${problems.length} problem(s); unit ${report.unit}; style ${JSON.stringify(format === 'text' ? style : 'markdown')}`,
      `reproduce: SYNTH_SEEDS=${seed} SYNTH_DUMP=/tmp/synth npx vitest run tests/synthetic.test.ts  (then read /tmp/synth/${name})`,
      ...placement,
    ].join('\n');
    expect(problems.slice(0, 60), header).toEqual([]);
  });
});
