import {defineConfig} from 'vitest/config'

// `npm test`: unit and fixture tests (fast, no real external tools).
// The slow real-tool suites live in test/e2e/ and run with `npm run test:e2e`.
export default defineConfig({
  test: {
    // Builds dist/ from src/ when it is stale (tests spawn the CLI).
    globalSetup: ['test/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
})
