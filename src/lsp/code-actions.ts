/**
 * Code actions for the findings under the cursor:
 * - the fix `--fix` would apply (preferred; only a rule that declares
 *   `meta.fixable` reports a fix, rules/report.ts);
 * - each "did you mean" target a link finding suggests (never preferred:
 *   the writer decides);
 * - "create the missing note" for a link to a note that does not exist
 *   (from a section template of the config when it has any).
 */
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {CodeActionKind, type ClientCapabilities, type CodeAction, type Diagnostic, type Range} from 'vscode-languageserver'
import type {TextDocument} from 'vscode-languageserver-textdocument'
import {checkedTargetFix, targetSpellings} from '../kb/link-check.js'
import type {Finding, Fix, NoteSummary, ResolvedReference} from '../kb/model.js'
import {isMarkdownPath} from '../kb/paths.js'
import {isAttachmentTarget} from '../rules/link-messages.js'
import {anchorOffsets} from './anchors.js'
import {toDiagnostics} from './diagnostics.js'
import {toWorkspaceEdit} from './edits.js'
import {offsetsToRange, rangesOverlap, spanContains, toRange} from './positions.js'
import type {KbWorkspace} from './workspace.js'

export function codeActions(
  workspace: KbWorkspace,
  note: NoteSummary,
  document: TextDocument,
  range: Range,
  capabilities: ClientCapabilities
): CodeAction[] {
  const findings = (workspace.findings([note.path]).get(note.path) ?? []).filter((finding) => rangesOverlap(toRange(finding.place), range))
  const enabled = workspace.settings?.forNote(note.path).rules
  const actions: CodeAction[] = []
  const references = workspace.referencesOf(note)
  for (const finding of findings) {
    if (!enabled?.has(finding.ruleId)) continue
    const diagnostic = toDiagnostics(workspace, note.path, [finding])[0]!
    const edit = (fix: Fix) => toWorkspaceEdit(workspace, {edits: new Map([[note.path, [fix]]])}, capabilities)
    const seen = new Set<string>()
    if (finding.fix) {
      seen.add(document.getText().slice(0, finding.fix.start) + finding.fix.text)
      actions.push({
        title: `Fix: ${describeFix(document, finding.fix)}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: edit(finding.fix)
      })
    }
    // The rule's own suggestions (the "did you mean" targets, spelled by the rule).
    for (const suggestion of finding.suggestions ?? []) {
      const key = document.getText().slice(0, suggestion.start) + suggestion.text
      if (seen.has(key)) continue
      seen.add(key)
      actions.push({
        title: `Suggestion: ${describeFix(document, suggestion)}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: false,
        edit: edit(suggestion)
      })
    }
    const resolved = references.find((item) =>
      spanContains(item.reference.position, {line: finding.place.start.line - 1, character: finding.place.start.column - 1})
    )
    if (!resolved) continue
    for (const suggestion of finding.suggestions ? [] : suggestionFixes(workspace, finding, resolved)) {
      if (seen.has(document.getText().slice(0, suggestion.fix.start) + suggestion.fix.text)) continue
      seen.add(document.getText().slice(0, suggestion.fix.start) + suggestion.fix.text)
      actions.push({
        title: suggestion.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: false,
        edit: edit(suggestion.fix)
      })
    }
    if (finding.ruleId === 'link-unresolved') actions.push(...createNoteActions(workspace, resolved, diagnostic, capabilities))
  }
  return actions
}

function describeFix(document: TextDocument, fix: Fix): string {
  const before = document.getText(offsetsToRange(document, fix.start, fix.end))
  const short = (text: string) => (text.length > 60 ? text.slice(0, 57) + '…' : text).replace(/\r?\n/g, '⏎')
  return before === '' ? `insert \`${short(fix.text)}\`` : `replace \`${short(before)}\` with \`${short(fix.text)}\``
}

/** The "did you mean" targets of link findings, as edits of the link's target or anchor. */
function suggestionFixes(workspace: KbWorkspace, finding: Finding, resolved: ResolvedReference): Array<{title: string; fix: Fix}> {
  const resolver = workspace.resolver()
  if (!resolver || !finding.expected) return []
  const {reference, from} = resolved
  const results: Array<{title: string; fix: Fix}> = []
  if (finding.ruleId === 'link-unresolved' || finding.ruleId === 'link-ambiguous') {
    for (const expected of finding.expected) {
      // Only ids and file paths of the base (not whole replacement links).
      const kind = workspace.noteById(expected) ? 'note' : workspace.base?.files.has(expected) ? 'attachment' : undefined
      if (kind === undefined) continue
      // A candidate of an ambiguous name must be written as a path: no bare name.
      const unique = (name: string) =>
        finding.ruleId !== 'link-ambiguous' && (kind === 'note' ? resolver.notesNamed(name) : resolver.filesNamed(name)).length === 1
      // Only a spelling that reads back as `expected` (kb/link-check.ts).
      const spellings = targetSpellings(reference, {kind, id: expected, fromId: from.id}, resolver.mode, unique)
      const checked = checkedTargetFix(
        reference,
        spellings,
        from,
        {kind, id: expected},
        {resolver, aliasFirst: workspace.settings?.aliasFirst ?? false}
      )
      if (checked.ok && checked.fix) results.push({title: `Change the link to \`${expected}\``, fix: checked.fix})
    }
  } else if (finding.ruleId === 'link-anchor-unresolved') {
    const anchor = anchorOffsets(reference)
    for (const expected of finding.expected) {
      if (!anchor) break
      const text = expected.replace(/^#/, '')
      results.push({title: `Change the anchor to \`${expected}\``, fix: {start: anchor.start, end: anchor.end, text}})
    }
  }
  return results
}

/** Create the note a link wants (not for files, folders or links out of the base). */
function createNoteActions(
  workspace: KbWorkspace,
  resolved: ResolvedReference,
  diagnostic: Diagnostic,
  capabilities: ClientCapabilities
): CodeAction[] {
  const {resolution, reference, wanted} = resolved
  if (resolution.status !== 'unresolved' || resolution.why !== 'missing') return []
  if (reference.target.endsWith('/') || isAttachmentTarget(reference.target)) return []
  const canCreate =
    capabilities.workspace?.workspaceEdit?.documentChanges === true &&
    capabilities.workspace.workspaceEdit.resourceOperations?.includes('create') === true
  if (!canCreate || wanted === '') return []
  const relative = isMarkdownPath(wanted) ? wanted : wanted + '.md'
  const uri = pathToFileURL(path.join(workspace.realRoot, relative)).href
  const name = wanted.slice(wanted.lastIndexOf('/') + 1)
  const title = reference.alias ?? name
  const contents: Array<{label: string; text: string}> = [
    {label: '', text: `---\ntitle: ${JSON.stringify(title)}\ndescription: ""\n---\n\n# ${title}\n`}
  ]
  for (const template of workspace.settings?.templates ?? []) {
    const text = workspace.readText(template.path)
    if (text !== undefined && !contents.some((item) => item.label === template.path)) contents.push({label: template.path, text})
  }
  // If the note appeared meanwhile the client refuses the whole edit (no
  // `ignoreIfExists`): its text is never prefixed with a second copy.
  return contents.map(({label, text}) => ({
    title: label === '' ? `Create the note \`${relative}\`` : `Create the note \`${relative}\` from the template \`${label}\``,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: toWorkspaceEdit(
      workspace,
      {
        edits: new Map(),
        after: [{kind: 'create', uri, options: {overwrite: false, ignoreIfExists: false}}],
        created: new Map([[uri, [{range: {start: {line: 0, character: 0}, end: {line: 0, character: 0}}, newText: text}]]])
      },
      capabilities
    )
  }))
}
