import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // CLI tests start real processes (about 3 s each on the embedded store); CI machines are shared.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // PGlite instances are large: two workers fit two cores without swapping memory.
    maxWorkers: 2,
  },
});
