/**
 * Go to definition, find references (backlinks of a note or of a heading)
 * and document links. Every answer comes from the summaries' references
 * resolved by the engine's resolver — the same resolution `check` reports.
 */
import type {DocumentLink, Location, Position} from 'vscode-languageserver'
import type {Heading, NoteSummary, ResolvedReference} from '../kb/model.js'
import {anchorTarget, headingMatches} from './anchors.js'
import {spanContains, toRange} from './positions.js'
import type {KbWorkspace} from './workspace.js'

/** The link under the cursor in an open note, resolved. */
export function referenceAt(workspace: KbWorkspace, note: NoteSummary, position: Position): ResolvedReference | undefined {
  return workspace.referencesOf(note).find((item) => spanContains(item.reference.position, position))
}

/** The heading on the cursor's line, if any. */
export function headingAt(note: NoteSummary, position: Position): Heading | undefined {
  return note.headings.find((heading) => heading.line === position.line + 1)
}

/** The note a resolved reference points at (notes only). */
export function targetNote(workspace: KbWorkspace, resolved: ResolvedReference): NoteSummary | undefined {
  const {resolution} = resolved
  if (resolution.status !== 'resolved' && resolution.status !== 'case-mismatch') return undefined
  return resolution.kind === 'note' ? workspace.noteById(resolution.id) : undefined
}

/** Where a link leads: the note (at its heading or block when the anchor names one) or the attachment. */
export function targetLocation(workspace: KbWorkspace, resolved: ResolvedReference): Location | undefined {
  const {resolution} = resolved
  if (resolution.status !== 'resolved' && resolution.status !== 'case-mismatch') return undefined
  if (resolution.kind === 'attachment')
    return {uri: workspace.uriOf(resolution.id), range: {start: {line: 0, character: 0}, end: {line: 0, character: 0}}}
  const note = targetNote(workspace, resolved)
  if (!note) return undefined
  const anchor = anchorTarget(resolved.reference, note)
  const line = anchor ? (anchor.kind === 'heading' ? anchor.heading.line : anchor.block.line) - 1 : 0
  return {uri: workspace.uriOf(note.path), range: {start: {line, character: 0}, end: {line, character: 0}}}
}

export function definition(workspace: KbWorkspace, note: NoteSummary, position: Position): Location | undefined {
  const resolved = referenceAt(workspace, note, position)
  return resolved ? targetLocation(workspace, resolved) : undefined
}

/**
 * References: on a link, every link to the same target (and heading); on a
 * heading, every link to that heading; elsewhere, the note's backlinks.
 */
export function references(workspace: KbWorkspace, note: NoteSummary, position: Position, includeDeclaration: boolean): Location[] {
  let target: NoteSummary | undefined = note
  let heading = headingAt(note, position)
  const onLink = referenceAt(workspace, note, position)
  if (onLink) {
    target = targetNote(workspace, onLink)
    const anchor = target ? anchorTarget(onLink.reference, target) : undefined
    heading = anchor?.kind === 'heading' ? anchor.heading : undefined
  }
  if (!target) return []
  const locations = linksTo(workspace, target, heading).map((item) => ({
    uri: workspace.uriOf(item.from.path),
    range: toRange(item.reference.position)
  }))
  if (includeDeclaration) {
    const line = (heading?.line ?? 1) - 1
    locations.unshift({uri: workspace.uriOf(target.path), range: {start: {line, character: 0}, end: {line, character: 0}}})
  }
  return locations
}

/** Every link of the base to `target` (to `heading` of it, when given). */
export function linksTo(workspace: KbWorkspace, target: NoteSummary, heading?: Heading): ResolvedReference[] {
  return workspace.references().filter(({reference, resolution}) => {
    if (resolution.status !== 'resolved' && resolution.status !== 'case-mismatch') return false
    if (resolution.kind !== 'note' || resolution.id !== target.id) return false
    return heading === undefined || headingMatches(reference, heading)
  })
}

export function documentLinks(workspace: KbWorkspace, note: NoteSummary): DocumentLink[] {
  const links: DocumentLink[] = []
  for (const resolved of workspace.referencesOf(note)) {
    const location = targetLocation(workspace, resolved)
    if (!location) continue
    const line = location.range.start.line
    links.push({
      range: toRange(resolved.reference.targetPosition ?? resolved.reference.position),
      target: line > 0 ? `${location.uri}#L${line + 1}` : location.uri,
      tooltip: resolved.resolution.status === 'resolved' && 'id' in resolved.resolution ? resolved.resolution.id : undefined
    })
  }
  return links
}
