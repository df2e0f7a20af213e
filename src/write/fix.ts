/**
 * `--fix`: apply the safe fixes rules offer, then lint again, until nothing
 * fixable is left (at most `maxPasses` passes, as ESLint does: overlapping
 * fixes wait for the next pass).
 *
 * - Only rules enabled for the note fix; `fixRules` narrows that to the
 *   rules given (`--fix-rule ID`). That a fix comes from a rule declaring
 *   `meta.fixable` is the report contract's job (rules/report.ts), not this
 *   module's.
 * - A fix is applied only when it is certainly right. A suggestion (a likely
 *   replacement: another note that shares the file name, a close spelling)
 *   is never applied — except one naming a move that git history records
 *   (`git log`/`git diff` renames below the root): then the move is proven.
 * - A fix replaces a range of the decoded text. Bytes outside it are kept:
 *   line endings (CRLF), the BOM, the trailing newline.
 * - A file changed on disk since it was linted (its hash differs) is left
 *   alone. Each file is written atomically (temp file + rename).
 * - With `dryRun`, nothing is written: one pass, returned as a unified diff.
 */
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {createTwoFilesPatch} from 'diff'
import type {Finding, Fix} from '../kb/model.js'
import {getRule} from '../rules/index.js'
import {pathKey} from '../kb/paths.js'
import {WriteError, writeFileSafely} from './atomic-write.js'
import {encodeNote, readIfUnchanged} from '../engine/read-note.js'
import {lint, type LintOptions, type LintResult} from '../engine/lint.js'

export interface FixOptions extends LintOptions {
  dryRun?: boolean
  /** Apply only these rules' fixes (`--fix-rule`); default every fixable rule. */
  fixRules?: string[]
  maxPasses?: number
}

export interface AppliedFix {
  ruleId: string
  line: number
  column: number
}

export interface FixOutcome {
  /** Relative path → fixes applied to it, over all passes. */
  applied: Map<string, AppliedFix[]>
  /** Unified diff of what would change (dry run only). */
  diff: string
  /** The lint result after the last pass. */
  result: LintResult
  /** Notes left alone because they were edited, renamed or removed while kb-lint ran. */
  skipped: string[]
}

interface PlannedFix extends Fix {
  ruleId: string
  line: number
  column: number
}

export async function fixBase(options: FixOptions): Promise<FixOutcome> {
  const maxPasses = options.dryRun ? 1 : (options.maxPasses ?? 10)
  const applied = new Map<string, AppliedFix[]>()
  let diff = ''
  const skipped = new Set<string>()
  let result = await lint(options)
  const renames = lazy(() => gitRenames(result.base.root))
  for (let pass = 0; pass < maxPasses; pass++) {
    const plans = planFixes(result, options.fixRules, renames)
    if (plans.size === 0) break
    const hashes = new Map(result.base.notes.map((note) => [note.path, note.hash]))
    let changedAny = false
    for (const [relative, fixes] of plans) {
      const absolute = path.join(result.base.root, relative)
      const hash = hashes.get(relative)
      if (!hash) continue
      const read = readIfUnchanged(absolute, hash)
      if (!read.ok) {
        if (read.changed) skipped.add(relative)
        continue
      }
      const {text, used} = applyFixes(read.text, fixes)
      if (used.length === 0 || text === read.text) continue
      if (options.dryRun) {
        diff += createTwoFilesPatch('a/' + relative, 'b/' + relative, read.text, text, '', '', {context: 2})
      } else {
        try {
          await writeFileSafely(absolute, encodeNote(text, read.bom), {replaceOnly: true})
        } catch (error) {
          if (!(error instanceof WriteError && error.code === 'ENOENT')) throw error
          skipped.add(relative)
          continue
        }
      }
      changedAny = true
      const list = applied.get(relative) ?? []
      for (const {ruleId, line, column} of used) list.push({ruleId, line, column})
      applied.set(relative, list)
    }
    if (!changedAny || options.dryRun) break
    result = await lint(options)
  }
  return {applied, diff, result, skipped: [...skipped]}
}

/** Fixes per file, from enabled rules (of `only`, when given) only. */
function planFixes(result: LintResult, only: string[] | undefined, renames: () => Map<string, string>): Map<string, PlannedFix[]> {
  const plans = new Map<string, PlannedFix[]>()
  for (const entry of result.findings) {
    const enabled = result.settings.forNote(entry.relative).rules
    for (const finding of entry.findings) {
      if (!enabled.has(finding.ruleId) || (only && !only.includes(finding.ruleId))) continue
      // A `fix` comes only from a rule that declares `fixable` (rules/report.ts holds every
      // rule to its meta); a proven suggestion becomes a fix here, so only for such a rule.
      const fix = finding.fix ?? (getRule(finding.ruleId)?.meta.fixable === true ? provenSuggestion(finding, renames) : undefined)
      if (!fix) continue
      const list = plans.get(entry.relative) ?? []
      list.push({
        start: fix.start,
        end: fix.end,
        text: fix.text,
        ruleId: finding.ruleId,
        line: finding.place.start.line,
        column: finding.place.start.column
      })
      plans.set(entry.relative, list)
    }
  }
  return plans
}

/** The one suggestion of a finding that names a move git recorded (old path → … → the suggested file). */
function provenSuggestion(finding: Finding, renames: () => Map<string, string>): Fix | undefined {
  const suggestion = finding.suggestions?.length === 1 ? finding.suggestions[0] : undefined
  if (!suggestion?.renamed) return undefined
  const {from, to} = suggestion.renamed
  const map = renames()
  for (const old of [from, from + '.md']) {
    let current = map.get(old)
    // Follow a chain of renames (a → b → c) to where the file is now.
    for (let hops = 0; current !== undefined && current !== to && hops < 100; hops++) current = map.get(current)
    if (current === to) return suggestion
  }
  return undefined
}

/**
 * Renames git records below `root`, old path → new path (relative to the
 * root, NFC): committed ones (oldest first, so later moves win) and those in
 * the index and working tree against HEAD. Empty outside a repository.
 */
export function gitRenames(root: string): Map<string, string> {
  const renames = new Map<string, string>()
  const run = (args: string[]) => spawnSync('git', ['-C', root, ...args], {encoding: 'utf8', maxBuffer: 256 * 1024 * 1024})
  for (const args of [
    ['log', '--reverse', '--format=', '--name-status', '-M', '--diff-filter=R', '--relative', '-z'],
    ['diff', 'HEAD', '--name-status', '-M', '--diff-filter=R', '--relative', '-z']
  ]) {
    const result = run(args)
    if (result.status !== 0 || typeof result.stdout !== 'string') continue
    const fields = result.stdout.split('\0')
    for (let index = 0; index + 2 < fields.length; index++) {
      if (!/^R\d*$/.test(fields[index]!.trim())) continue
      renames.set(pathKey(fields[index + 1]!), pathKey(fields[index + 2]!))
      index += 2
    }
  }
  return renames
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined
  return () => (value ??= make())
}

/** Apply non-overlapping fixes, first come first served in text order. */
export function applyFixes(text: string, fixes: PlannedFix[]): {text: string; used: PlannedFix[]} {
  const sorted = fixes.slice().sort((a, b) => a.start - b.start || a.end - b.end)
  const used: PlannedFix[] = []
  let lastEnd = -1
  for (const fix of sorted) {
    if (fix.start < lastEnd || fix.start > fix.end || fix.end > text.length) continue
    used.push(fix)
    lastEnd = Math.max(fix.end, fix.start + 1)
  }
  let output = text
  for (const fix of used.slice().reverse()) output = output.slice(0, fix.start) + fix.text + output.slice(fix.end)
  return {text: output, used}
}
