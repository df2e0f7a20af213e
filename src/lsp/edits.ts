/**
 * Offset edits on notes (the engine's `Fix`: decoded-text offsets) → an LSP
 * `WorkspaceEdit`, against the text each note's summary was made from (the
 * open document, or the file when it is unchanged). A note whose text is no
 * longer that text is skipped rather than edited at wrong offsets.
 */
import type {ClientCapabilities, CreateFile, RenameFile, TextDocumentEdit, TextEdit, WorkspaceEdit} from 'vscode-languageserver'
import type {Fix} from '../kb/model.js'
import {offsetsToRange} from './positions.js'
import type {KbWorkspace} from './workspace.js'

export interface EditPlan {
  /** Offset edits by note path (relative to the root). */
  edits: Map<string, Fix[]>
  /** File operations applied after the text edits (a rename, a new note). */
  after?: Array<CreateFile | RenameFile>
  /** Text edits on files created by `after` (uri → edits). */
  created?: Map<string, TextEdit[]>
}

export function toWorkspaceEdit(workspace: KbWorkspace, plan: EditPlan, capabilities: ClientCapabilities): WorkspaceEdit {
  const byUri = new Map<string, {version: number | null; edits: TextEdit[]}>()
  for (const [relative, fixes] of plan.edits) {
    const document = workspace.documentOf(relative)
    if (!document || fixes.length === 0) continue
    const open = workspace.openDocument(relative)
    byUri.set(document.uri, {
      version: open ? open.version : null,
      edits: fixes.map((fix) => ({range: offsetsToRange(document, fix.start, fix.end), newText: fix.text}))
    })
  }
  const documentChanges = capabilities.workspace?.workspaceEdit?.documentChanges === true
  if (!documentChanges && (plan.after?.length ?? 0) === 0) {
    const changes: Record<string, TextEdit[]> = {}
    for (const [uri, {edits}] of byUri) changes[uri] = edits
    return {changes}
  }
  const changes: Array<TextDocumentEdit | CreateFile | RenameFile> = []
  for (const [uri, {version, edits}] of byUri) changes.push({textDocument: {uri, version}, edits})
  for (const operation of plan.after ?? []) changes.push(operation)
  for (const [uri, edits] of plan.created ?? []) changes.push({textDocument: {uri, version: null}, edits})
  return {documentChanges: changes}
}
