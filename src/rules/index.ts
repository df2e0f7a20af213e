/**
 * Every rule of kb-lint, listed explicitly: the order here is the order of
 * the docs and of the config schema. Adding a rule means a module, an entry
 * here and fixtures in fixtures/rules/<id>/; `npm run generate` then writes
 * its config schema entry, README row and docs/rules.md header
 * (CONTRIBUTING.md; test/meta.test.ts and test/generated.test.ts check it).
 */
import {fileEncoding} from './file-encoding.js'
import {fileUnreadable} from './file-unreadable.js'
import {frontmatterDuplicateKey} from './frontmatter-duplicate-key.js'
import {frontmatterLinkUnquoted} from './frontmatter-link-unquoted.js'
import {frontmatterMissing} from './frontmatter-missing.js'
import {frontmatterSchema} from './frontmatter-schema.js'
import {frontmatterSyntax} from './frontmatter-syntax.js'
import {linkAmbiguous} from './link-ambiguous.js'
import {linkAnchorUnresolved} from './link-anchor-unresolved.js'
import {linkCaseMismatch} from './link-case-mismatch.js'
import {linkUnresolved} from './link-unresolved.js'
import {indexStale} from './index-stale.js'
import {orphanNote} from './orphan-note.js'
import {tableColumnCount} from './table-column-count.js'
import {tablePipeInLink} from './table-pipe-in-link.js'
import {tableNotParsed} from './table-not-parsed.js'
import {tableBlankLine} from './table-blank-line.js'
import {tableEmptyHeader} from './table-empty-header.js'
import {structureMissingSection} from './structure-missing-section.js'
import {structureSectionOrder} from './structure-section-order.js'
import {suppressionUnused} from './suppression-unused.js'
import type {BaseRule, FileRule, Rule, RuleMeta} from './types.js'

export const rules: readonly Rule[] = [
  fileEncoding,
  fileUnreadable,
  frontmatterMissing,
  frontmatterSyntax,
  frontmatterSchema,
  frontmatterDuplicateKey,
  frontmatterLinkUnquoted,
  linkUnresolved,
  linkAnchorUnresolved,
  linkAmbiguous,
  linkCaseMismatch,
  tableColumnCount,
  tablePipeInLink,
  tableNotParsed,
  tableBlankLine,
  tableEmptyHeader,
  structureMissingSection,
  structureSectionOrder,
  suppressionUnused,
  indexStale,
  orphanNote
]

export const fileRules = rules.filter((rule): rule is FileRule => rule.scope === 'file')
export const baseRules = rules.filter((rule): rule is BaseRule => rule.scope === 'base')

const byId = new Map(rules.map((rule) => [rule.meta.id, rule]))

export function getRule(id: string): Rule | undefined {
  return byId.get(id)
}

/** Where each rule is documented; derived in this one place. */
export const RULE_DOCS = 'https://github.com/kb-lint/kb-lint/blob/main/docs/rules.md'

export function ruleUrl(id: string): string {
  return `${RULE_DOCS}#${id}`
}

export function ruleMetas(): Array<RuleMeta & {url: string}> {
  return rules.map((rule) => ({...rule.meta, url: ruleUrl(rule.meta.id)}))
}
