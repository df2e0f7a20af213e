/**
 * Apply a note's `kb-lint-disable` comments to all of its findings (file and
 * base rules alike) and report the comments that silence nothing, so they do
 * not outlive the problem they were written for (`suppression-unused`).
 */
import type {Finding, Suppression} from '../kb/model.js'
import {rules} from '../rules/index.js'

/** Findings no comment may silence (`meta.suppressible: false`): the engine's own, and `suppression-unused`. */
const NOT_SUPPRESSIBLE = new Set(rules.filter((rule) => rule.meta.suppressible === false).map((rule) => rule.meta.id))

export function applySuppressions(
  findings: Finding[],
  suppressions: Suppression[] | undefined,
  knownRules: ReadonlySet<string>
): Finding[] {
  if (!suppressions || suppressions.length === 0) return findings
  const used = new Set<Suppression>()
  const kept = findings.filter((finding) => {
    if (NOT_SUPPRESSIBLE.has(finding.ruleId)) return true
    const line = finding.place.start.line
    const silencing = suppressions.filter(
      (suppression) =>
        suppression.directive !== 'enable' &&
        (suppression.ruleId === undefined || suppression.ruleId === finding.ruleId) &&
        line >= suppression.fromLine &&
        line <= (suppression.toLine ?? Number.POSITIVE_INFINITY)
    )
    for (const suppression of silencing) used.add(suppression)
    return silencing.length === 0
  })
  for (const suppression of suppressions) {
    if (used.has(suppression)) continue
    kept.push({ruleId: 'suppression-unused', reason: unusedReason(suppression, knownRules), place: suppression.place})
  }
  return kept
}

function unusedReason(suppression: Suppression, knownRules: ReadonlySet<string>): string {
  const {directive, ruleId, raw} = suppression
  const comment = '`' + raw + '`'
  // A comment naming several rules: say which of them is the unused one.
  const idsInComment = raw
    .replace(/^<!--\s*kb-lint-\S+/, '')
    .replace(/-->$/, '')
    .split(/[\s,]+/)
    .filter(Boolean)
  const named = idsInComment.length > 1 ? `\`${ruleId}\` in ${comment}` : comment
  if (ruleId !== undefined && !knownRules.has(ruleId))
    return `${named} names no kb-lint rule \`${ruleId}\`; check the id in the rule list, or remove it`
  if (directive === 'enable') {
    return `${named} ends no open \`kb-lint-disable${ruleId === undefined ? '' : ' ' + ruleId}\`; remove it`
  }
  const what = ruleId === undefined ? 'no problem' : `no \`${ruleId}\` problem`
  const where =
    suppression.toLine === undefined
      ? `the rest of the note has ${what}`
      : suppression.fromLine === suppression.toLine
        ? `line ${suppression.fromLine} has ${what}`
        : `lines ${suppression.fromLine}–${suppression.toLine} have ${what}`
  return `${named} is unused: ${where}; remove it`
}
