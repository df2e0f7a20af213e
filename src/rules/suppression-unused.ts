import type {EngineRule} from './types.js'

/**
 * Reported by the engine where it applies `kb-lint-disable` comments
 * (engine/suppress.ts): a comment that silenced nothing, names no rule, or an
 * `enable` that ends nothing.
 */
export const suppressionUnused: EngineRule = {
  scope: 'engine',
  meta: {
    id: 'suppression-unused',
    description: 'A kb-lint-disable comment that silences nothing (or names no rule), so it can be removed.',
    defaultSeverity: 'warn',
    reads: 'note',
    suppressible: false
  }
}
