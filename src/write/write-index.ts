/**
 * `kb-lint index --write`: regenerate every generated-index region of the
 * base in place, whether or not the `index-stale` rule is enabled.
 *
 * Like `--fix`: only the bytes between the markers change (line endings, the
 * BOM and everything outside are kept, since offsets are into the decoded
 * text); a file changed on disk since it was linted (hash differs) is left
 * alone; each file is written atomically. One pass is enough: regions list
 * titles and descriptions, which rewriting a region never changes.
 */
import path from 'node:path'
import {generateRegion} from '../kb/index-regions.js'
import type {LinkReading} from '../kb/link-check.js'
import {createResolver} from '../kb/resolve.js'
import type {Span} from '../kb/model.js'
import {WriteError, writeFileSafely} from './atomic-write.js'
import {encodeNote, readIfUnchanged} from '../engine/read-note.js'
import {applyFixes} from './fix.js'
import type {LintResult} from '../engine/lint.js'

export interface RegionProblem {
  /** Relative path of the note. */
  path: string
  place: Span
  problem: string
}

export interface WriteIndexOutcome {
  /** Relative paths of the rewritten notes. */
  written: string[]
  /** Regions rewritten (over all notes). */
  regions: number
  /** Regions that could not be generated (left as they are), and notes a region cannot list (no link names them). */
  problems: RegionProblem[]
  /** Notes skipped because they changed, or were renamed or removed, during the run. */
  changed: string[]
}

export async function writeIndexRegions(result: Pick<LintResult, 'base' | 'settings'>): Promise<WriteIndexOutcome> {
  const outcome: WriteIndexOutcome = {written: [], regions: 0, problems: [], changed: []}
  let made: LinkReading | undefined
  const reading = () =>
    (made ??= {resolver: createResolver(result.base, result.settings.resolution), aliasFirst: result.settings.aliasFirst})
  for (const note of result.base.notes) {
    if (!note.indexRegions) continue
    const fixes = []
    for (const region of note.indexRegions) {
      const generated = generateRegion(result.base, reading(), note, region)
      if (!generated.ok) {
        outcome.problems.push({path: note.path, place: region.place, problem: generated.problem})
        continue
      }
      // Written without the notes no link can name; each is a problem to report.
      for (const {problem} of generated.left) outcome.problems.push({path: note.path, place: region.place, problem})
      if (generated.text === region.content) continue
      fixes.push({
        start: region.start,
        end: region.end,
        text: generated.text,
        ruleId: 'index-stale',
        line: region.place.start.line,
        column: region.place.start.column
      })
    }
    if (fixes.length === 0) continue
    const absolute = path.join(result.base.root, note.path)
    const read = readIfUnchanged(absolute, note.hash)
    if (!read.ok) {
      outcome.changed.push(note.path)
      continue
    }
    const {text, used} = applyFixes(read.text, fixes)
    try {
      await writeFileSafely(absolute, encodeNote(text, read.bom), {replaceOnly: true})
    } catch (error) {
      if (!(error instanceof WriteError && error.code === 'ENOENT')) throw error
      outcome.changed.push(note.path)
      continue
    }
    outcome.written.push(note.path)
    outcome.regions += used.length
  }
  return outcome
}
