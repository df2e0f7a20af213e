/**
 * Findings → LSP diagnostics: rule id as `code`, the rule's docs as
 * `codeDescription`, severity from the config (as `check` applies it), and
 * related locations where a finding names other places of the base (the
 * notes a "did you mean" or an ambiguous link points at, the heading list
 * of the target of a broken anchor).
 */
import {DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation} from 'vscode-languageserver'
import type {Finding, NoteSummary} from '../kb/model.js'
import {ruleUrl} from '../rules/index.js'
import {SOURCE} from '../engine/messages.js'
import {spanContains, toRange} from './positions.js'
import type {KbWorkspace} from './workspace.js'

export function toDiagnostics(workspace: KbWorkspace, relative: string, findings: Finding[]): Diagnostic[] {
  const settings = workspace.settings
  if (!settings) return []
  const rules = settings.forNote(relative).rules
  const note = workspace.note(relative)
  const diagnostics: Diagnostic[] = []
  for (const finding of findings) {
    const configured = rules.get(finding.ruleId)
    if (!configured) continue
    const diagnostic: Diagnostic = {
      range: toRange(finding.place),
      severity: configured.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      code: finding.ruleId,
      codeDescription: {href: ruleUrl(finding.ruleId)},
      source: SOURCE,
      message: finding.reason
    }
    if (finding.ruleId === 'suppression-unused') diagnostic.tags = [DiagnosticTag.Unnecessary]
    const related = note ? relatedInformation(workspace, note, finding) : []
    if (related.length > 0) diagnostic.relatedInformation = related
    diagnostics.push(diagnostic)
  }
  return diagnostics
}

function relatedInformation(workspace: KbWorkspace, note: NoteSummary, finding: Finding): DiagnosticRelatedInformation[] {
  if (!finding.ruleId.startsWith('link-')) return []
  const related: DiagnosticRelatedInformation[] = []
  const place = (target: NoteSummary, line = 1, message: string) =>
    related.push({
      location: {uri: workspace.uriOf(target.path), range: {start: {line: line - 1, character: 0}, end: {line: line - 1, character: 0}}},
      message
    })
  // The note a suggestion or a candidate names.
  for (const expected of finding.expected ?? []) {
    const target = workspace.noteById(expected.replace(/\.md$/i, ''))
    if (target) place(target, 1, finding.ruleId === 'link-ambiguous' ? `candidate \`${target.id}\`` : `did you mean \`${target.id}\`?`)
  }
  // A broken anchor: the target note and the heading suggested there.
  if (finding.ruleId === 'link-anchor-unresolved') {
    const reference = workspace
      .referencesOf(note)
      .find((item) =>
        spanContains(item.reference.position, {line: finding.place.start.line - 1, character: finding.place.start.column - 1})
      )
    const resolution = reference?.resolution
    const target = resolution && 'id' in resolution ? workspace.noteById(resolution.id) : undefined
    if (target) {
      const suggestion = finding.expected?.[0]
      const heading = suggestion?.startsWith('#')
        ? target.headings.find((item) => '#' + item.text === suggestion || '#' + item.slug === suggestion)
        : undefined
      place(target, heading?.line ?? 1, heading ? `heading \`${heading.text}\` in \`${target.id}\`` : `the linked note \`${target.id}\``)
    }
  }
  return related
}
