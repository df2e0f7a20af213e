/**
 * Which heading or block of a note a link's anchor names — the forms
 * `link-anchor-unresolved` accepts (heading text compared as Obsidian does,
 * the heading path's last part, the github-slugger slug, and for Markdown
 * links the slug), and where the anchor is written in the link.
 */
import {slug} from 'github-slugger'
import type {BlockId, Heading, NoteSummary, Reference, Span} from '../kb/model.js'
import {markdownDestinationRange} from '../kb/link-target.js'
import {foldHeading} from '../kb/anchors.js'

export type AnchorTarget = {kind: 'heading'; heading: Heading; index: number} | {kind: 'block'; block: BlockId}

export function anchorTarget(reference: Reference, note: NoteSummary): AnchorTarget | undefined {
  const anchor = reference.anchor
  if (anchor === undefined) return undefined
  if (anchor.startsWith('^')) {
    const block = note.blockIds.find((item) => item.id === anchor.slice(1))
    return block ? {kind: 'block', block} : undefined
  }
  const index = note.headings.findIndex((heading) => headingMatches(reference, heading))
  return index === -1 ? undefined : {kind: 'heading', heading: note.headings[index]!, index}
}

export function headingMatches(reference: Reference, heading: Heading): boolean {
  const anchor = reference.anchor
  if (anchor === undefined || anchor.startsWith('^')) return false
  if (reference.anchorIsSlug) return anchor.toLowerCase() === heading.slug
  const wanted = foldHeading(anchor.split('#').pop()!)
  return wanted === foldHeading(heading.text) || wanted === heading.slug || slug(wanted) === slug(heading.text)
}

/**
 * Decoded-text offsets of the part of the anchor that names the heading or
 * block: a wiki link's last heading-path part, a Markdown link's fragment.
 */
export function anchorOffsets(reference: Reference): {start: number; end: number} | undefined {
  if (reference.anchor === undefined) return undefined
  if (reference.anchorPosition?.start.offset !== undefined && reference.anchorPosition.end.offset !== undefined) {
    const {start, end} = {start: reference.anchorPosition.start.offset, end: reference.anchorPosition.end.offset}
    const lastHash = reference.anchor.lastIndexOf('#')
    return lastHash === -1 || reference.anchor.startsWith('^') ? {start, end} : {start: start + lastHash + 1, end}
  }
  if (reference.kind !== 'markdown') return undefined
  const linkStart = reference.position.start.offset
  if (linkStart === undefined) return undefined
  const destination = markdownDestinationRange(reference.raw, false) ?? markdownDestinationRange(reference.raw, true)
  if (!destination || reference.raw[destination.end] !== '#') return undefined
  let end = destination.end + 1
  while (end < reference.raw.length && !/[\s)>]/.test(reference.raw[end]!)) end++
  return {start: linkStart + destination.end + 1, end: linkStart + end}
}

/** The span of a heading's text on its line (ATX `# Text #` or setext). */
export function headingTextSpan(lineText: string, heading: Heading): Span {
  const atx = /^(\s{0,3}#{1,6}[ \t]+)(.*?)([ \t]+#+[ \t]*)?[ \t]*$/.exec(lineText)
  let start = 0
  let end = lineText.length
  if (atx) {
    start = atx[1]!.length
    end = start + atx[2]!.length
  } else {
    start = lineText.length - lineText.trimStart().length
    end = lineText.trimEnd().length
  }
  return {start: {line: heading.line, column: start + 1}, end: {line: heading.line, column: end + 1}}
}
