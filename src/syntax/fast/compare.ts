/**
 * The differential check of the fast parser: one note through the per-file
 * phase with each parser, and where the summaries differ. Used by
 * test/fast-parser.test.ts, test/e2e/ and scripts/fast-parser-compare.js.
 */
import type {NoteConfig} from '../../config/settings.js'
import {analyzeNote} from '../../engine/analyze.js'
import {rules} from '../../rules/index.js'
import {tryParseFast} from './index.js'

/** Every file rule on, with its default options: the summary then holds every finding a note can have. */
export const ALL_FILE_RULES: NoteConfig = {
  rules: new Map(rules.filter((rule) => rule.scope === 'file').map((rule) => [rule.meta.id, {severity: 'warn', options: undefined}])),
  frontmatter: {schema: {type: 'object', required: ['title']}}
}

export interface Comparison {
  /** The fast parser read the note itself (no fallback). */
  fast: boolean
  /** Why it fell back, when it did. */
  reason?: string
  /** Both summaries as JSON, when they differ. */
  difference?: {fast: string; remark: string}
}

export function compareParsers(bytes: Uint8Array, relative = 'note.md', config: NoteConfig = ALL_FILE_RULES): Comparison {
  let reason: string | undefined
  const fast = JSON.stringify(analyzeNote({relative, bytes, config, parser: 'fast', onFallback: (why) => (reason = why)}))
  const remark = JSON.stringify(analyzeNote({relative, bytes, config, parser: 'remark'}))
  const result: Comparison = {fast: reason === undefined, reason}
  if (fast !== remark) result.difference = {fast, remark}
  return result
}

/** The fast parser's verdict alone (for counting fallbacks without the reference run). */
export function fastReason(source: string): string | undefined {
  return tryParseFast(source).reason
}
