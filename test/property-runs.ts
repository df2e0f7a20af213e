/**
 * How many cases a fast-check property runs. `npm test` runs each property
 * with the count its test gives; `npm run test:e2e` runs the same property
 * files again with `KB_LINT_PROPERTY_SCALE` (vitest.e2e.config.ts) times as
 * many cases. One property, one test: the unit suite stays fast, the larger
 * run keeps looking for the rare case.
 */
export const PROPERTY_SCALE = Math.max(1, Number(process.env.KB_LINT_PROPERTY_SCALE ?? 1) || 1)

/** `numRuns` for a property whose unit-suite run is `unit` cases. */
export function propertyRuns(unit: number): number {
  return unit * PROPERTY_SCALE
}

/**
 * The unit test files whose properties `npm run test:e2e` runs again at
 * scale (the e2e suite's own files run their large runs themselves).
 */
export const SCALED_PROPERTY_FILES = [
  'test/properties.test.ts',
  'test/wiki-link-text.test.ts',
  'test/obsidian-comment.test.ts',
  'test/processor.test.ts',
  'test/wiki-link-stringify.test.ts'
]
