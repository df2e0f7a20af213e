import {defineConfig} from 'vitest/config'
import {SCALED_PROPERTY_FILES} from './test/property-runs.js'

// `npm run test:e2e`: suites that drive real tools (pre-commit, Chromium,
// git hooks, large generated bases), and the unit suite's property files
// again with ten times the cases (test/property-runs.ts). .ci/run runs them
// after `npm test`.
export default defineConfig({
  test: {
    // Builds dist/ from src/ when it is stale (tests spawn the CLI).
    globalSetup: ['test/global-setup.ts'],
    include: ['test/e2e/**/*.test.ts', ...SCALED_PROPERTY_FILES],
    env: {KB_LINT_PROPERTY_SCALE: '10'},
    testTimeout: 300_000,
    hookTimeout: 300_000
  }
})
