/**
 * Hover on a link: the target's title and description, and its first lines
 * (from the heading or block the anchor names, when it names one).
 */
import {MarkupKind, type Hover, type Position} from 'vscode-languageserver'
import type {NoteSummary} from '../kb/model.js'
import {anchorTarget} from './anchors.js'
import {referenceAt, targetNote} from './navigation.js'
import {toRange} from './positions.js'
import type {KbWorkspace} from './workspace.js'

/** Lines of the target shown under its title. */
const PREVIEW_LINES = 8

export function hover(workspace: KbWorkspace, note: NoteSummary, position: Position): Hover | undefined {
  const resolved = referenceAt(workspace, note, position)
  if (!resolved) return undefined
  const range = toRange(resolved.reference.position)
  const {resolution} = resolved
  if (resolution.status === 'ambiguous')
    return {range, contents: {kind: MarkupKind.Markdown, value: `Matches ${resolution.candidates.map((id) => '`' + id + '`').join(', ')}`}}
  if (resolution.status === 'unresolved') return undefined
  const target = targetNote(workspace, resolved)
  if (!target) return {range, contents: {kind: MarkupKind.Markdown, value: `\`${resolution.id}\` (${resolution.kind})`}}
  const parts = [`**${target.title ?? target.id}**`, `\`${target.path}\``]
  if (target.description) parts.push(target.description)
  const text = workspace.readText(target.path)
  if (text !== undefined) {
    const lines = text.split(/\r?\n/)
    const anchor = anchorTarget(resolved.reference, target)
    let start = anchor
      ? (anchor.kind === 'heading' ? anchor.heading.line : anchor.block.line) - 1
      : (target.frontmatter.span?.end.line ?? 0)
    while (start < lines.length && lines[start]!.trim() === '') start++
    const preview = lines
      .slice(start, start + PREVIEW_LINES)
      .join('\n')
      .trimEnd()
    if (preview !== '') parts.push('---', preview)
  }
  return {range, contents: {kind: MarkupKind.Markdown, value: parts.join('\n\n')}}
}
