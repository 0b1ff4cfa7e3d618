import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The CLI tests run build/: compiled first when older than the sources.
    globalSetup: ['tests/build-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The product's tests, and apart from them the test generator's self-test, so that the
    // product's count means what it says.
    projects: [
      { extends: true, test: { name: 'product', include: ['tests/*.test.ts'] } },
      { extends: true, test: { name: 'generator', include: ['tests/synthetic/*.test.ts'] } },
    ],
  },
});
