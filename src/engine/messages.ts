/**
 * Findings → VFiles with vfile messages: the one place that stamps rule id,
 * source, docs URL and severity (`fatal`) on what rules reported.
 */
import path from 'node:path'
import {VFile} from 'vfile'
import type {Settings} from '../config/settings.js'
import type {Finding} from '../kb/model.js'
import {joinBasePath} from '../kb/paths.js'
import {ruleUrl} from '../rules/index.js'
import type {Severity} from '../rules/types.js'

export const SOURCE = 'kb-lint'

export interface FileFindings {
  /** Relative to the root, as on disk. */
  relative: string
  findings: Finding[]
  /** Forced severity (e.g. a skipped symlink is only a warning). */
  severity?: Exclude<Severity, 'off'>
}

export function toVFiles(root: string, cwd: string, entries: FileFindings[], settings: Settings): VFile[] {
  // Every note is below the root: one `path.relative` for the root, not one per note.
  const rootFromCwd = path.relative(cwd, root)
  return entries.map(({relative, findings, severity}) => {
    const absolute = joinBasePath(root, relative)
    const file = new VFile({path: (rootFromCwd === '' ? relative : path.join(rootFromCwd, relative)) || absolute, cwd})
    file.data.absolutePath = absolute
    file.data.relativePath = relative
    addFindingMessages(file, findings, settings.forNote(relative).rules, severity)
    return file
  })
}

/**
 * Stamp findings on a VFile as messages, in position order. Shared by
 * `toVFiles` and the remark plugin, which adds them to the file remark holds.
 */
export function addFindingMessages(
  file: VFile,
  findings: Finding[],
  rules: Map<string, {severity: Exclude<Severity, 'off'>}>,
  severity?: Exclude<Severity, 'off'>
): void {
  const sorted = findings
    .slice()
    .sort(
      (a, b) => a.place.start.line - b.place.start.line || a.place.start.column - b.place.start.column || a.ruleId.localeCompare(b.ruleId)
    )
  for (const finding of sorted) {
    const configured = rules.get(finding.ruleId)
    if (!configured) continue
    const message = file.message(finding.reason, {place: finding.place, ruleId: finding.ruleId, source: SOURCE})
    message.fatal = (severity ?? configured.severity) === 'error'
    message.url = ruleUrl(finding.ruleId)
    if (finding.expected) message.expected = finding.expected
    if (finding.actual !== undefined) message.actual = finding.actual
  }
}

export interface Counts {
  errors: number
  warnings: number
}

export function countMessages(files: VFile[]): Counts {
  let errors = 0
  let warnings = 0
  for (const file of files) {
    for (const message of file.messages) {
      if (message.fatal === true) errors++
      else if (message.fatal === false) warnings++
    }
  }
  return {errors, warnings}
}
