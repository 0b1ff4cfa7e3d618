// The tests `make mutate` runs against each mutant (stryker.config.mjs): those that exercise the
// mutated files directly, without the compiled CLI (a mutant lives in the sources only). The
// golden tests are left out: they would add minutes, and these test the same checks directly. The
// samples are extracted once for all runs (tests/mutate-setup.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/decimal.test.ts', 'tests/checks.test.ts', 'tests/narrative-checks.test.ts', 'tests/tolerances.test.ts', 'tests/narrative.test.ts', 'tests/staging.test.ts', 'tests/plan.test.ts', 'tests/extract.test.ts', 'tests/budget.test.ts', 'tests/budget-identities.test.ts'],
    globalSetup: ['tests/mutate-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
