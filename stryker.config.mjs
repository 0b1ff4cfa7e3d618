// Mutation testing (`make mutate`): StrykerJS changes the code where a silent bug costs most —
// exact decimals and unit conversion, the identity checks and their tolerances (a budget's too), the narrative's
// checks, the severity of checks, staging and the load contract, the incremental skip logic,
// the doubled-bold detector — one mutant at a time, and runs the tests that cover it. A mutant
// no test kills is a bug the suite would let through. Not in CI (minutes, not seconds).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // The focused tests: those that exercise these files without the CLI or a build.
  // Each mutant runs the tests that reached it (per-test coverage): no need for vitest's related files.
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  // The decisions, not the wording: where a check's verdict or an amount is computed.
  mutate: [
    'transform/decimal.ts',
    'transform/tables/checks.ts',
    'transform/tables/index.ts:173-226', // lineItemsOf and exact2: cells to 元
    'transform/narrative/checks.ts:39-159', // which facts a derived one is computed from, each fact's outcome, a narrative figure against its table
    'transform/narrative/checks.ts:183-266', // percentages, rates of change, 决算 against 预算
    'transform/narrative/counterparts.ts:32-68', // a fact's amount and rounding, percentages
    'transform/narrative/counterparts.ts:103-122', // a table's amount for a fact
    'transform/tables/budget/identities.ts', // a budget's identities
    'transform/narrative/budget.ts', // a budget narrative's counterparts in its tables
    'transform/severity.ts',
    'load/staging.ts',
    'pipeline/plan.ts',
    'extract/clean.ts:125-151', // detectDoubling
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Mutants in module-level code (regexes, tables built at load) would re-run every test each;
  // they are reported as ignored, and counted apart in the README.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 30000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
