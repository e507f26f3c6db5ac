import { defineConfig } from 'vitest/config';

/** Every test file: *.test.ts and *.test.tsx (src/build/test-files-run.test.ts fails if one is left out). */
export const testFilePatterns = ['src/**/*.test.{ts,tsx}', 'bench/**/*.test.{ts,tsx}'];

export default defineConfig({
  // The web's components are Preact (as in vite.config.ts), so .test.tsx files compile against preact's JSX runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: testFilePatterns,
    // PostgreSQL suites share one server; files run in parallel but each test uses its own schema.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: { enabled: false },
  },
});
