/**
 * Renames, as edits the client applies (the server writes nothing):
 * - a note or folder renamed or moved in the editor
 *   (`workspace/willRenameFiles`): the link rewrites `kb-lint mv` would
 *   make, planned by write/move.ts from the base as the editor holds it;
 * - rename on a link's target: the same plan, plus the file rename;
 * - rename on a heading (or on a link's anchor naming it): the heading and
 *   every anchor that names it across the base (slugs for Markdown links).
 */
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import GithubSlugger from 'github-slugger'
import {
  ResponseError,
  ErrorCodes,
  LSPErrorCodes,
  type ClientCapabilities,
  type FileRename,
  type Position,
  type Range,
  type WorkspaceEdit
} from 'vscode-languageserver'
import type {TextDocument} from 'vscode-languageserver-textdocument'
import {markerFixes, MoveError, planLinkEdits} from '../write/move.js'
import type {Fix, Heading, NoteSummary} from '../kb/model.js'
import {folderOf, isMarkdownPath, joinInsideRoot, stripMarkdownExtension, pathKey} from '../kb/paths.js'
import {anchorOffsets, anchorTarget, headingTextSpan} from './anchors.js'
import {toWorkspaceEdit} from './edits.js'
import {headingAt, linksTo, referenceAt, targetNote} from './navigation.js'
import {offsetsToRange, toRange} from './positions.js'
import type {KbWorkspace} from './workspace.js'

type RenameTarget =
  | {kind: 'heading'; note: NoteSummary; heading: Heading; range: Range; placeholder: string}
  | {kind: 'note'; note: NoteSummary; range: Range; placeholder: string; written: string; from: NoteSummary}

function renameTarget(workspace: KbWorkspace, note: NoteSummary, document: TextDocument, position: Position): RenameTarget | undefined {
  const offset = document.offsetAt(position)
  const resolved = referenceAt(workspace, note, position)
  if (resolved) {
    const target = targetNote(workspace, resolved)
    if (!target) return undefined
    const anchor = anchorOffsets(resolved.reference)
    const named = anchorTarget(resolved.reference, target)
    if (anchor && named?.kind === 'heading' && offset >= anchor.start && offset <= anchor.end) {
      return {
        kind: 'heading',
        note: target,
        heading: named.heading,
        range: offsetsToRange(document, anchor.start, anchor.end),
        placeholder: named.heading.text
      }
    }
    const span = resolved.reference.targetPosition
    if (!span || resolved.reference.target === '') return undefined
    return {
      kind: 'note',
      note: target,
      range: toRange(span),
      placeholder: resolved.reference.target,
      written: resolved.reference.target,
      from: note
    }
  }
  const heading = headingAt(note, position)
  if (!heading) return undefined
  const lineText = document
    .getText({start: {line: heading.line - 1, character: 0}, end: {line: heading.line, character: 0}})
    .replace(/\r?\n$/, '')
  return {kind: 'heading', note, heading, range: toRange(headingTextSpan(lineText, heading)), placeholder: heading.text}
}

export function prepareRename(
  workspace: KbWorkspace,
  note: NoteSummary,
  document: TextDocument,
  position: Position
): {range: Range; placeholder: string} | null {
  const target = renameTarget(workspace, note, document, position)
  return target ? {range: target.range, placeholder: target.placeholder} : null
}

export function rename(
  workspace: KbWorkspace,
  note: NoteSummary,
  document: TextDocument,
  position: Position,
  newName: string,
  capabilities: ClientCapabilities
): WorkspaceEdit | null {
  const target = renameTarget(workspace, note, document, position)
  if (!target)
    throw new ResponseError(ErrorCodes.InvalidRequest, 'kb-lint can rename a heading or the note a link points at; put the cursor on one')
  return target.kind === 'heading'
    ? renameHeading(workspace, target.note, target.heading, newName.trim(), capabilities)
    : renameNote(workspace, target, newName.trim(), capabilities)
}

function renameHeading(
  workspace: KbWorkspace,
  note: NoteSummary,
  heading: Heading,
  newText: string,
  capabilities: ClientCapabilities
): WorkspaceEdit {
  if (newText === '' || /[[\]|#^\r\n]/.test(newText)) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'A heading that links name cannot be empty or contain [ ] | # ^ or a line break')
  }
  const edits = new Map<string, Fix[]>()
  const add = (relative: string, fix: Fix) => edits.set(relative, [...(edits.get(relative) ?? []), fix])
  const document = workspace.documentOf(note.path)
  if (!document) throw new ResponseError(LSPErrorCodes.RequestFailed, `\`${note.path}\` changed on disk; save or reload it first`)
  const lineText = document
    .getText({start: {line: heading.line - 1, character: 0}, end: {line: heading.line, character: 0}})
    .replace(/\r?\n$/, '')
  const span = headingTextSpan(lineText, heading)
  const lineStart = document.offsetAt({line: heading.line - 1, character: 0})
  add(note.path, {start: lineStart + span.start.column - 1, end: lineStart + span.end.column - 1, text: newText})
  // The heading's slug after the rename, unique within the note as github-slugger makes it.
  const slugger = new GithubSlugger()
  let newSlug = ''
  for (const item of note.headings) {
    const made = slugger.slug(item === heading ? newText : item.text)
    if (item === heading) newSlug = made
  }
  for (const {from, reference} of linksTo(workspace, note, heading)) {
    const anchor = anchorOffsets(reference)
    if (!anchor) continue
    add(from.path, {start: anchor.start, end: anchor.end, text: reference.anchorIsSlug ? newSlug : newText})
  }
  return toWorkspaceEdit(workspace, {edits}, capabilities)
}

function renameNote(
  workspace: KbWorkspace,
  target: Extract<RenameTarget, {kind: 'note'}>,
  newName: string,
  capabilities: ClientCapabilities
): WorkspaceEdit {
  const canRename =
    capabilities.workspace?.workspaceEdit?.documentChanges === true &&
    capabilities.workspace.workspaceEdit.resourceOperations?.includes('rename') === true
  if (!canRename)
    throw new ResponseError(
      ErrorCodes.InvalidRequest,
      'This editor cannot rename files through the language server; rename the file in the editor instead'
    )
  // A bare new name keeps the note in its folder; a path is read as the link reads it.
  const written = stripMarkdownExtension(newName.replace(/^\.\//, ''))
  const bare = !written.includes('/')
  const joined = bare ? joinInsideRoot(folderOf(target.note.id), written) : resolveWritten(workspace, target.from, written)
  if (joined === undefined || joined === '' || written === '')
    throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is not a path inside the base`)
  return moveEdit(workspace, [{from: target.note.path, to: stripMarkdownExtension(joined) + '.md'}], capabilities, true)
}

function resolveWritten(workspace: KbWorkspace, from: NoteSummary, written: string): string | undefined {
  const resolver = workspace.resolver()
  if (!resolver) return undefined
  return resolver.wanted(
    {kind: 'wikilink', raw: written, target: written, position: {start: {line: 1, column: 1}, end: {line: 1, column: 1}}},
    from
  )
}

/** Files renamed in the editor: the link edits (the client renames the files itself). */
export function willRenameFiles(workspace: KbWorkspace, files: FileRename[], capabilities: ClientCapabilities): WorkspaceEdit | null {
  const moves: Array<{from: string; to: string}> = []
  for (const {oldUri, newUri} of files) {
    const from = relativePath(workspace, oldUri)
    const to = relativePath(workspace, newUri)
    if (from === undefined || to === undefined) continue
    moves.push({from, to})
  }
  if (moves.length === 0) return null
  return moveEdit(workspace, moves, capabilities, false)
}

/**
 * The edits of a move: write/move.ts plans them (`planLinkEdits`, what
 * `kb-lint mv` applies), on the base with the editor's unsaved text.
 */
function moveEdit(
  workspace: KbWorkspace,
  moves: Array<{from: string; to: string}>,
  capabilities: ClientCapabilities,
  renameFiles: boolean
): WorkspaceEdit {
  const base = workspace.base
  const settings = workspace.settings
  if (!base || !settings) throw new ResponseError(LSPErrorCodes.RequestFailed, 'kb-lint has not loaded the base yet')
  const fileMoves = new Map<string, string>()
  let folderMove: {from: string; to: string} | undefined
  for (const {from, to} of moves) {
    if (base.folders.has(pathKey(from))) {
      folderMove = {from, to}
      for (const file of base.files) if (file.startsWith(from + '/')) fileMoves.set(file, to + file.slice(from.length))
    } else if (isMarkdownPath(from) || base.files.has(pathKey(from))) {
      fileMoves.set(from, to)
    }
  }
  for (const [from, to] of fileMoves) {
    if (renameFiles && (base.files.has(pathKey(to)) || base.byId.has(stripMarkdownExtension(pathKey(to))))) {
      throw new ResponseError(ErrorCodes.InvalidParams, `\`${to}\` already exists`)
    }
    if (from === to) fileMoves.delete(from)
  }
  let planned: ReturnType<typeof planLinkEdits>
  try {
    planned = planLinkEdits({base, settings, references: workspace.references()}, fileMoves, folderMove)
  } catch (error) {
    // A link no spelling can write (kb/link-check.ts): the editor shows the reason, as `kb-lint mv` prints it.
    if (error instanceof MoveError) throw new ResponseError(LSPErrorCodes.RequestFailed, error.message)
    throw error
  }
  const edits = new Map<string, Fix[]>()
  for (const [note, fixes] of planned.edits)
    edits.set(
      note.path,
      fixes.map(({start, end, text}) => ({start, end, text}))
    )
  // Index markers naming a moved folder follow it (their edits need the note's text).
  for (const [note, markers] of planned.markers) {
    const text = workspace.documentOf(note.path)?.getText()
    if (text === undefined) continue
    edits.set(note.path, [
      ...(edits.get(note.path) ?? []),
      ...markerFixes(text, markers).map(({start, end, text: newText}) => ({start, end, text: newText}))
    ])
  }
  const after = renameFiles
    ? [...fileMoves].map(([from, to]) => ({
        kind: 'rename' as const,
        oldUri: workspace.uriOf(from),
        newUri: pathToFileURL(path.join(workspace.realRoot, to)).href
      }))
    : undefined
  return toWorkspaceEdit(workspace, {edits, after}, capabilities)
}

function relativePath(workspace: KbWorkspace, uri: string): string | undefined {
  try {
    if (!uri.startsWith('file:')) return undefined
    const relative = path.relative(workspace.realRoot, fileURLToPath(uri))
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      const fromGiven = path.relative(workspace.root, fileURLToPath(uri))
      if (fromGiven === '' || fromGiven.startsWith('..') || path.isAbsolute(fromGiven)) return undefined
      return fromGiven.split(path.sep).join('/')
    }
    return relative.split(path.sep).join('/')
  } catch {
    return undefined
  }
}
