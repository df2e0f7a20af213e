import {defineConfig} from 'vitest/config'

// `npm run test:e2e`: suites that drive real tools (pre-commit, Chromium,
// git hooks, large generated bases). .ci/run runs them after `npm test`.
export default defineConfig({
  test: {
    // Builds dist/ from src/ when it is stale (tests spawn the CLI).
    globalSetup: ['test/global-setup.ts'],
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000
  }
})
