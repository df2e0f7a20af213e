import {defineConfig} from 'vitest/config'

// `npm test`: unit and fixture tests (fast, no real external tools).
// The slow real-tool suites live in test/e2e/ and run with `npm run test:e2e`.
export default defineConfig({
  test: {
    // Builds dist/ from src/ when it is stale (tests spawn the CLI).
    globalSetup: ['test/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', '**/node_modules/**'],
    // Two test files at a time. Vitest's default is one worker fewer than the
    // cores, i.e. one on a 2-core machine, and a worker waiting for a spawned
    // CLI leaves its core idle.
    maxWorkers: 2,
    // Test files share their worker's modules instead of loading kb-lint
    // anew for each file (imports were ~20 % of the run). This needs tests
    // that leave no module state behind: one that sets some (setColorChoice,
    // a spied fs function) puts it back before it ends.
    isolate: false,
    // Only a bound for a hang: generous, so a busy machine (2 cores, many
    // processes) passes too. No test asserts how long anything takes.
    testTimeout: 120_000,
    hookTimeout: 180_000
  }
})
