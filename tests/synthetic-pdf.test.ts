// PDF round trip for the national layout: the seeded generator (tests/synthetic/generate.ts)
// builds the ten tables with every identity holding exactly, tests/synthetic/render-pdf.ts lays
// them out as a real national-layout PDF prints them (positioned text, no empty cells, wrapped
// labels above and below the row's baseline, tables continued on the next page), and the whole
// pipeline (extract, transform, the data contract, DuckDB) must load every printed cell — no
// more, no less — in 元, exactly.
//
// Reproduce one case:  SYNTH_PDF_SEEDS=17 SYNTH_PDF_DUMP=/tmp/synth-pdf npx vitest run tests/synthetic-pdf.test.ts
// (SYNTH_PDF_SEEDS takes "17", "3,17" or "1-200", default 1-40; SYNTH_PDF_DUMP writes each
// rendered PDF there, with the lines extract() read from it beside it as .lines.txt.)
// To narrow a failure down: SYNTH_PDF_TABLES=06 renders and compares only the tables listed
// ("01,04"), and SYNTH_PDF_STYLE='{"bold":false}' overrides fields of the seed's PdfStyle.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../extract/index.js';
import { throughPipeline, type Loaded } from './synthetic/pipeline.js';
import { compareCells, compareTables, expectedCells, identityFailures, seedList } from './synthetic/compare.js';
import { randomReport, TABLE_CODES, type SynthReport, type TableCode } from './synthetic/generate.js';
import { randomPdfStyle, renderPdf, type PdfStyle } from './synthetic/render-pdf.js';

/** Every difference between the generated report and what the pipeline loaded, one line each. */
function compare(report: SynthReport, loaded: Loaded, tables: readonly TableCode[]): string[] {
  const result = loaded.result;
  if (!result || loaded.error) return [`did not load: ${loaded.error}`];
  const layout = result.layout === 'national' ? [] : [`meta: layout expected national, got ${result.layout}`];
  return [...layout, ...compareTables(report, result, tables), ...compareCells(expectedCells(report, tables), loaded.lineItems, report.unit, (li) => `on page ${li.source_page}`), ...identityFailures(result)];
}

const TABLES = (process.env.SYNTH_PDF_TABLES?.split(',').map((c) => c.trim().padStart(2, '0')) ?? TABLE_CODES) as TableCode[];
const STYLE: Partial<PdfStyle> = process.env.SYNTH_PDF_STYLE ? JSON.parse(process.env.SYNTH_PDF_STYLE) : {};

describe('synthetic reports round-trip through a national-layout PDF', () => {
  it.each(seedList('SYNTH_PDF_SEEDS', 40))('seed %i (pdf)', async (seed) => {
    const report = randomReport(seed);
    const style: PdfStyle = { ...randomPdfStyle(seed), ...STYLE };
    const bytes = renderPdf(report, style, TABLES);
    const name = `synthetic-${seed}.pdf`;
    if (process.env.SYNTH_PDF_DUMP) {
      const doc = await extract(bytes, name);
      mkdirSync(process.env.SYNTH_PDF_DUMP, { recursive: true });
      writeFileSync(path.join(process.env.SYNTH_PDF_DUMP, name), bytes);
      const lines = doc.lines.map((l) => `p${l.page} y=${l.y?.toFixed(1)} | ${l.cells.map((c, i) => `${c}@${l.left?.[i]?.toFixed(0)}-${l.right?.[i]?.toFixed(0)}`).join(' | ')}`);
      writeFileSync(path.join(process.env.SYNTH_PDF_DUMP, `synthetic-${seed}.lines.txt`), lines.join('\n') + '\n');
    }
    const [loaded] = await throughPipeline([{ name, bytes }]);
    const problems = compare(report, loaded, TABLES);
    const placement = (loaded.result?.checks ?? [])
      .filter((c) => c.kind === 'column_placement' && (!c.passed || /identities placed/.test(c.detail ?? '')))
      .map((c) => `  placement note ${c.table_code} ${c.subject} (${c.passed ? 'passed' : 'failed'}): ${c.detail}`);
    const env = [process.env.SYNTH_PDF_TABLES ? `SYNTH_PDF_TABLES=${TABLES.join(',')}` : '', process.env.SYNTH_PDF_STYLE ? `SYNTH_PDF_STYLE='${process.env.SYNTH_PDF_STYLE}'` : ''].filter(Boolean).join(' ');
    const header = [
      `seed ${seed}, pdf: ${problems.length} problem(s); unit ${report.unit}; style ${JSON.stringify(style)}`,
      `reproduce: SYNTH_PDF_SEEDS=${seed} ${env ? env + ' ' : ''}SYNTH_PDF_DUMP=/tmp/synth-pdf npx vitest run tests/synthetic-pdf.test.ts  (then open /tmp/synth-pdf/${name}, and read /tmp/synth-pdf/synthetic-${seed}.lines.txt)`,
      ...placement.slice(0, 20),
    ].join('\n');
    expect(problems.slice(0, 60), header).toEqual([]);
  });
});
