/**
 * Generated-index markers, found in the per-file phase:
 *
 * ```markdown
 * <!-- kb-lint:index folder="docker/how-to" sort="title" -->
 * - [[docker/how-to/install|Install Docker]] — How to install Docker
 * <!-- /kb-lint:index -->
 * ```
 *
 * Markers are HTML comments, which mdast keeps as `html` nodes (so nothing in
 * code blocks counts). Both must be top-level blocks starting a line: the
 * generated lines are written without indentation, which would break a list
 * item or a block quote around them. Only the positions, attributes and
 * current content are kept (plain JSON); generating the list needs the whole
 * base and happens in kb/index-regions.ts.
 */
import type {Html, Root} from 'mdast'
import type {Location} from 'vfile-location'
import type {IndexRegion, Span} from './model.js'

const START = /<!--\s*kb-lint:index\b([\s\S]*?)-->/g
const END = /<!--\s*\/kb-lint:index\s*-->/g
const ATTRIBUTE = /\s*([A-Za-z][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/y

interface Marker {
  kind: 'start' | 'end'
  /** Offsets of the whole comment in the decoded text. */
  from: number
  to: number
  attributes: string
  topLevel: boolean
}

export function findIndexRegions(tree: Root, source: string, location: Location): IndexRegion[] {
  // Most notes have no marker: no tree walk for them.
  if (!source.includes('kb-lint:index')) return []
  const markers: Marker[] = []
  const visit = (node: Root | Root['children'][number], topLevel: boolean): void => {
    if (node.type === 'html') collectMarkers(node, topLevel, markers)
    else if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'yaml') return
    else if ('children' in node) for (const child of node.children) visit(child as Root['children'][number], node.type === 'root')
  }
  visit(tree, false)
  markers.sort((a, b) => a.from - b.from)

  const eol = source.includes('\r\n') ? '\r\n' : '\n'
  const spanOf = (from: number, to: number): Span => {
    const start = location.toPoint(from)!
    const end = location.toPoint(to)!
    return {start: {line: start.line, column: start.column, offset: from}, end: {line: end.line, column: end.column, offset: to}}
  }
  const regions: IndexRegion[] = []
  let open: Marker | undefined
  for (const marker of markers) {
    const place = spanOf(marker.from, marker.to)
    const misplaced = !marker.topLevel || source.lastIndexOf('\n', marker.from - 1) !== marker.from - 1 - lineIndent(source, marker.from)
    if (marker.kind === 'start') {
      if (open) {
        regions.push(
          broken(
            spanOf(open.from, open.to),
            open,
            eol,
            'Index region is not closed before the next `<!-- kb-lint:index -->`; add `<!-- /kb-lint:index -->`'
          )
        )
      }
      open = marker
      if (misplaced) {
        regions.push(
          broken(
            place,
            marker,
            eol,
            'Index marker must stand on its own line at the top level of the note (not in a list, quote or paragraph)'
          )
        )
        open = undefined
      }
      continue
    }
    if (!open) {
      regions.push(broken(place, marker, eol, 'Index end marker `<!-- /kb-lint:index -->` has no `<!-- kb-lint:index … -->` before it'))
      continue
    }
    const region: IndexRegion = {
      place: spanOf(open.from, open.to),
      attributes: {},
      start: open.to,
      end: marker.from,
      content: source.slice(open.to, marker.from),
      eol
    }
    const attributes = parseAttributes(open.attributes)
    if (attributes === undefined)
      region.problem = `Cannot read the attributes of the index marker; write them as name="value", e.g. \`<!-- kb-lint:index folder="a/b" sort="title" -->\``
    else region.attributes = attributes
    if (misplaced)
      region.problem = 'Index end marker must stand on its own line at the top level of the note (not in a list, quote or paragraph)'
    regions.push(region)
    open = undefined
  }
  if (open)
    regions.push(broken(spanOf(open.from, open.to), open, eol, 'Index region is not closed; add `<!-- /kb-lint:index -->` after it'))
  return regions.sort((a, b) => a.place.start.offset! - b.place.start.offset!)
}

function collectMarkers(node: Html, topLevel: boolean, markers: Marker[]): void {
  const offset = node.position?.start.offset
  if (offset === undefined) return
  for (const match of node.value.matchAll(START)) {
    markers.push({kind: 'start', from: offset + match.index, to: offset + match.index + match[0].length, attributes: match[1]!, topLevel})
  }
  for (const match of node.value.matchAll(END)) {
    markers.push({kind: 'end', from: offset + match.index, to: offset + match.index + match[0].length, attributes: '', topLevel})
  }
}

/** Spaces and tabs before `offset` on its line (up to 3 are allowed before a block). */
function lineIndent(source: string, offset: number): number {
  let count = 0
  while (count < 3 && offset - count - 1 >= 0 && (source[offset - count - 1] === ' ' || source[offset - count - 1] === '\t')) count++
  return count
}

/** `folder="a" sort='title'` → record; undefined when anything else is in between. */
export function parseAttributes(text: string): Record<string, string> | undefined {
  const attributes: Record<string, string> = {}
  ATTRIBUTE.lastIndex = 0
  let index = 0
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) break
    ATTRIBUTE.lastIndex = index
    const match = ATTRIBUTE.exec(text)
    if (!match) return undefined
    attributes[match[1]!] = match[2] ?? match[3] ?? ''
    index = ATTRIBUTE.lastIndex
  }
  return attributes
}

function broken(place: Span, marker: Marker, eol: IndexRegion['eol'], problem: string): IndexRegion {
  return {place, attributes: parseAttributes(marker.attributes) ?? {}, start: marker.to, end: marker.to, content: '', eol, problem}
}
