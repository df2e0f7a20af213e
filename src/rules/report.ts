/**
 * The one way a rule's findings reach the engine: stamps the rule id, and
 * holds the rule to its metadata. A `fix` from a rule that does not declare
 * `fixable`, or suggestions (`suggestions`, `expected`) from one that does not declare
 * `hasSuggestions`, is a bug in the rule: under test (vitest sets `VITEST`)
 * it throws, as ESLint's linter does; otherwise the fix is dropped (never
 * applied) and the finding kept.
 */
import type {Finding} from '../kb/model.js'
import type {Report, RuleMeta} from './types.js'

const UNDER_TEST = process.env.VITEST !== undefined

export class RuleContractError extends Error {}

/** `strict` (throw rather than drop) is for this module's own tests; the engine takes the default. */
export function reportInto(meta: RuleMeta, findings: Finding[], strict = UNDER_TEST): Report {
  return (finding) => {
    if (finding.fix && meta.fixable !== true) {
      if (strict) throw new RuleContractError(`Rule ${meta.id} reported a fix, but its meta does not declare \`fixable: true\``)
      const {fix: _dropped, ...rest} = finding
      findings.push({ruleId: meta.id, ...rest})
      return
    }
    // `expected` beside a fix shows the fix's result; without one it is a suggestion.
    const suggests = (finding.suggestions?.length ?? 0) > 0 || (!finding.fix && (finding.expected?.length ?? 0) > 0)
    if (strict && suggests && meta.hasSuggestions !== true) {
      throw new RuleContractError(`Rule ${meta.id} reported suggestions, but its meta does not declare \`hasSuggestions: true\``)
    }
    findings.push({ruleId: meta.id, ...finding})
  }
}
