/**
 * The whole-base phase: from note summaries (never syntax trees) build the
 * base model, resolve every reference once, and run the base rules.
 *
 * It streams: each note's references are decoded, resolved, checked and
 * dropped (incremental/encoded-summary.ts), so a check holds no link objects
 * unless the caller asks to keep the resolved references. On a warm run an
 * unchanged note's findings can come from the cache instead (`reuse`, see
 * incremental/landmarks.ts for when that is sound).
 */
import type {Settings} from '../config/settings.js'
import type {Base, Finding, NoteSummary, Reference, ResolvedReference} from '../kb/model.js'
import {applyLinkDialect} from '../kb/link-dialect.js'
import {createResolver, type Resolver} from '../kb/resolve.js'
import {baseRules} from '../rules/index.js'
import {reportInto} from '../rules/report.js'
import {referencesOf} from '../incremental/encoded-summary.js'
import type {ScanResult} from './scan.js'
import {pathKey} from '../kb/paths.js'

export interface BaseCheck {
  base: Base
  resolver: Resolver
  /** With `keepReferences`: every checked note's references, resolved, in note order. */
  references?: ResolvedReference[]
  /** Findings of the base rules, by note path (checked or reused notes with findings). */
  findings: Map<string, Finding[]>
  /** Notes resolved and checked in this pass (the others were reused or skipped). */
  checked: number
  /** Whether `findings` covers every note of the base. */
  complete: boolean
}

export function buildBase(
  scan: Pick<ScanResult, 'root' | 'files' | 'folders'> & Partial<Pick<ScanResult, 'unpublished'>>,
  notes: NoteSummary[]
): Base {
  const byId = new Map<string, NoteSummary>()
  for (const note of notes) if (!byId.has(note.id)) byId.set(note.id, note)
  return {
    root: scan.root,
    notes,
    files: new Set(scan.files.map(pathKey)),
    folders: new Set(scan.folders.map(pathKey)),
    unpublished: new Set((scan.unpublished ?? []).map(pathKey)),
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
  /**
   * Base findings known to be still right for a note (it is unchanged and so
   * is the world it was checked in); undefined: check it.
   */
  reuse?: (note: NoteSummary) => Finding[] | undefined
  /** Keep every checked note's resolved references (for `BaseCheck.references`). */
  keepReferences?: boolean
  /**
   * A resolver made for this base earlier, still valid (same ids, files,
   * folders and aliases): the language server keeps one between keystrokes,
   * so its lookup indexes are not built again for every check.
   */
  resolver?: Resolver
}

export function checkBase(base: Base, settings: Settings, input: BaseCheckInput = {}): BaseCheck {
  const templates = input.templates ?? new Map<string, NoteSummary>()
  const resolver = input.resolver ?? createResolver(base, settings.resolution, {aliasFirst: settings.aliasFirst})
  const references: ResolvedReference[] | undefined = input.keepReferences ? [] : undefined
  const findings = new Map<string, Finding[]>()
  let checked = 0
  let complete = true
  // Each rule's once-per-pass results (BaseRuleContext.perPass).
  const perPass = new Map(baseRules.map((rule) => [rule, memo()]))
  for (const note of base.notes) {
    const given = !input.only || input.only.has(pathKey(note.path))
    // A given note whose resolved references are wanted is always resolved;
    // any other note may take its findings from `reuse`, and one not given is
    // never checked (then the findings do not cover the whole base).
    if (!given || !references) {
      const reused = input.reuse?.(note)
      if (reused !== undefined) {
        if (reused.length > 0) findings.set(note.path, reused)
        continue
      }
      if (!given) {
        complete = false
        continue
      }
    }
    checked++
    const resolved = resolveReferences(note, referencesOf(note), resolver, settings)
    // A loop, not `push(...resolved)`: spreading 100,000 arguments overflows the stack.
    if (references) for (const item of resolved) references.push(item)
    const noteConfig = settings.forNote(note.path)
    const noteRules = noteConfig.rules
    const noteFindings: Finding[] = []
    for (const rule of baseRules) {
      const ruleConfig = noteRules.get(rule.meta.id)
      if (!ruleConfig) continue
      rule.check({
        base,
        resolver,
        aliasFirst: settings.aliasFirst,
        note,
        references: resolved,
        options: ruleConfig.options,
        structure: noteConfig.structure,
        templates,
        perPass: perPass.get(rule)!,
        report: reportInto(rule.meta, noteFindings)
      })
    }
    if (noteFindings.length > 0) findings.set(note.path, noteFindings)
  }
  return {base, resolver, references, findings, checked, complete}
}

/** A store for `BaseRuleContext.perPass`: `compute` runs once per key. */
function memo(): <T>(key: string, compute: () => T) => T {
  const state = new Map<string, unknown>()
  return <T>(key: string, compute: () => T): T => {
    if (!state.has(key)) state.set(key, compute())
    return state.get(key) as T
  }
}

/** Every reference of the base, resolved (for the graph, the index, moves and API users). */
export function resolveAll(base: Base, resolver: Resolver, settings: Settings): ResolvedReference[] {
  const references: ResolvedReference[] = []
  for (const note of base.notes) for (const item of resolveReferences(note, note.references, resolver, settings)) references.push(item)
  return references
}

/** A note's references as written → in the config's link dialect, resolved. */
function resolveReferences(note: NoteSummary, references: Reference[], resolver: Resolver, settings: Settings): ResolvedReference[] {
  return references.map((written) => {
    const reference = applyLinkDialect(written, settings.aliasFirst)
    return {from: note, reference, resolution: resolver.resolve(reference, note), wanted: resolver.wanted(reference, note)}
  })
}
