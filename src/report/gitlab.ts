/**
 * `--format gitlab`: GitLab Code Quality report (`artifacts:reports:codequality`),
 * the documented subset of the Code Climate issue format:
 *
 *   [{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}]
 *
 * Severities (GitLab's scale is info < minor < major < critical < blocker):
 * error → `major`, warning → `minor`, info → `info`. `critical`/`blocker` are
 * not used: a broken link is not a security problem.
 *
 * `fingerprint` is the SHA-1 (hex) of path, rule id, line and reason. GitLab
 * compares fingerprints between the base and the merge request to tell new
 * from fixed issues and shows only the first issue of a fingerprint, so
 * exact duplicates (same path, rule, line and reason — e.g. two identical
 * broken links on one line) get an occurrence number in column order,
 * keeping every fingerprint unique and stable.
 */
import {createHash} from 'node:crypto'
import type {Reporter} from './types.js'
import {entries, messageText, type Severity} from './util.js'

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker'

export interface CodeQualityIssue {
  description: string
  check_name: string
  fingerprint: string
  severity: CodeQualitySeverity
  location: {path: string; lines: {begin: number; end?: number}}
}

const SEVERITY: Record<Severity, CodeQualitySeverity> = {error: 'major', warning: 'minor', info: 'info'}

export const gitlab: Reporter = (files, options) => {
  const occurrences = new Map<string, number>()
  const issues: CodeQualityIssue[] = entries(files, options).map(({path, message, severity, range}) => {
    const begin = range.line ?? 1
    const key = JSON.stringify([path, message.ruleId ?? '', begin, message.reason])
    const occurrence = occurrences.get(key) ?? 0
    occurrences.set(key, occurrence + 1)
    const fingerprint = createHash('sha1')
      .update(occurrence === 0 ? key : `${key}#${occurrence}`)
      .digest('hex')
    const lines: CodeQualityIssue['location']['lines'] = {begin}
    if (range.endLine !== undefined && range.endLine !== begin) lines.end = range.endLine
    return {
      description: messageText(message),
      check_name: message.ruleId ?? 'kb-lint',
      fingerprint,
      severity: SEVERITY[severity],
      location: {path, lines}
    }
  })
  return JSON.stringify(issues, undefined, 2)
}
