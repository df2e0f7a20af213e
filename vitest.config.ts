import {defineConfig} from 'vitest/config'

// `npm test`: unit and fixture tests (fast, no real external tools).
// The slow real-tool suites live in test/e2e/ and run with `npm run test:e2e`.
export default defineConfig({
  test: {
    // Builds dist/ from src/ when it is stale (tests spawn the CLI).
    globalSetup: ['test/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', '**/node_modules/**'],
    // Only a bound for a hang: generous, so a busy machine (2 cores, many
    // processes) passes too. No test asserts how long anything takes.
    testTimeout: 120_000,
    hookTimeout: 180_000
  }
})
