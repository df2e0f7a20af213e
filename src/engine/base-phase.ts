/**
 * The whole-base phase: from note summaries (never syntax trees) build the
 * base model, resolve every reference once, and run the base rules.
 */
import type {Settings} from '../config/settings.js'
import type {Base, Finding, NoteSummary, ResolvedReference} from '../kb/model.js'
import {applyLinkDialect} from '../kb/link-dialect.js'
import {createResolver, type Resolver} from '../kb/resolve.js'
import {baseRules} from '../rules/index.js'
import type {ScanResult} from './scan.js'

export interface BaseCheck {
  base: Base
  resolver: Resolver
  /** Every reference of every note, resolved, in note order. */
  references: ResolvedReference[]
  /** Findings of the base rules, by note path. */
  findings: Map<string, Finding[]>
}

export function buildBase(scan: Pick<ScanResult, 'root' | 'files' | 'folders'>, notes: NoteSummary[]): Base {
  const byId = new Map<string, NoteSummary>()
  for (const note of notes) if (!byId.has(note.id)) byId.set(note.id, note)
  return {
    root: scan.root,
    notes,
    files: new Set(scan.files.map((file) => file.normalize('NFC'))),
    folders: new Set(scan.folders.map((folder) => folder.normalize('NFC'))),
    byId
  }
}

export interface BaseCheckInput {
  /** Summaries of the section templates the config names (config `structure`). */
  templates?: ReadonlyMap<string, NoteSummary>
  /**
   * Resolve and check only these notes (relative paths, NFC): file-list mode
   * reports on a few notes, and the rest of the base is needed only as link
   * targets (its landmarks), not checked.
   */
  only?: ReadonlySet<string>
}

export function checkBase(base: Base, settings: Settings, input: BaseCheckInput = {}): BaseCheck {
  const templates = input.templates ?? new Map<string, NoteSummary>()
  const resolver = createResolver(base, settings.resolution)
  const references: ResolvedReference[] = []
  const findings = new Map<string, Finding[]>()
  for (const note of base.notes) {
    if (input.only && !input.only.has(note.path.normalize('NFC'))) continue
    const resolved = note.references.map((written) => {
      const reference = applyLinkDialect(written, settings.aliasFirst)
      return {from: note, reference, resolution: resolver.resolve(reference, note), wanted: resolver.wanted(reference, note)}
    })
    // A loop, not `push(...resolved)`: spreading 100,000 arguments overflows the stack.
    for (const item of resolved) references.push(item)
    const noteConfig = settings.forNote(note.path)
    const noteRules = noteConfig.rules
    const noteFindings: Finding[] = []
    for (const rule of baseRules) {
      const ruleConfig = noteRules.get(rule.meta.id)
      if (!ruleConfig) continue
      rule.check({
        base,
        resolver,
        note,
        references: resolved,
        options: ruleConfig.options,
        structure: noteConfig.structure,
        templates,
        report: (finding) => noteFindings.push({ruleId: rule.meta.id, ...finding})
      })
    }
    if (noteFindings.length > 0) findings.set(note.path, noteFindings)
  }
  return {base, resolver, references, findings}
}
