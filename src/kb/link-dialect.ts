/**
 * Wiki-link dialects of other tools, applied before resolution.
 *
 * All of it applies only with `links.aliasFirst` (a Dendron base); other
 * publishers read these forms as written.
 * - Dendron writes the label first: `[[Label|target#anchor]]` (config
 *   `links.aliasFirst`), the reverse of Obsidian's `[[target#anchor|Label]]`.
 * - Dendron cross-vault links name the vault: `[[dendron://vault/note]]`. A
 *   base is one vault, so the `dendron://vault/` prefix is dropped.
 * - Dendron note references embed a range: `![[note#start,1:#end]]`,
 *   `![[note#start:#*]]` (from the heading `start` to `end`, or to the
 *   end). With `links.aliasFirst`, only the range's start heading is checked
 *   (`*` alone: the whole note).
 * Positions stay exact (for messages, fixes and moves) on one-line links; a
 * link that spans lines is left as the parser read it.
 */
import type {Reference, Span} from './model.js'
import {parseWikiLinkText} from './wiki-link-text.js'
import {pathKey} from './paths.js'

const DENDRON_VAULT = /^dendron:\/\/[^/]+\//

export function applyLinkDialect(reference: Reference, aliasFirst: boolean): Reference {
  if (reference.kind === 'markdown' || reference.raw.includes('\n')) return reference
  // Without `links.aliasFirst` the base is not read as Dendron writes it: the
  // publisher (Quartz, Obsidian) takes `dendron://…` and `#a,1:#*` as written.
  if (!aliasFirst) return reference
  // The common case, on every link of every run: nothing to rewrite.
  if (!reference.raw.includes('|') && !reference.target.startsWith('dendron://')) return withDendronRangeAnchor(reference)
  const start = reference.position.start
  if (start.offset === undefined) return reference
  const innerStart = reference.raw.indexOf('[[') + 2
  const inner = reference.raw.slice(innerStart, reference.raw.lastIndexOf(']]'))
  const at = (index: number) => ({line: start.line, column: start.column + innerStart + index, offset: start.offset! + innerStart + index})
  const spanOf = (from: number, to: number): Span => ({start: at(from), end: at(to)})

  let out = reference
  const pipe = inner.indexOf('|')
  if (pipe !== -1) {
    const escaped = pipe > 0 && inner[pipe - 1] === '\\'
    const labelEnd = escaped ? pipe - 1 : pipe
    const restStart = pipe + 1
    const parts = parseWikiLinkText(inner.slice(restStart))
    if (parts?.targetRange) {
      const label = inner.slice(0, labelEnd).trim()
      const labelStart = inner.indexOf(label)
      out = {
        ...reference,
        target: pathKey(parts.target),
        anchor: parts.anchor?.normalize('NFC'),
        alias: label || undefined,
        targetPosition: spanOf(restStart + parts.targetRange[0], restStart + parts.targetRange[1]),
        anchorPosition: parts.anchorRange && spanOf(restStart + parts.anchorRange[0], restStart + parts.anchorRange[1]),
        aliasPosition: label ? spanOf(labelStart, labelStart + label.length) : undefined
      }
    }
  }
  out = withDendronRangeAnchor(out)
  const vault = DENDRON_VAULT.exec(out.target)
  if (vault && out.targetPosition?.start.offset !== undefined) {
    const skip = vault[0].length
    const from = out.targetPosition.start
    out = {
      ...out,
      target: out.target.slice(skip),
      targetPosition: {start: {line: from.line, column: from.column + skip, offset: from.offset! + skip}, end: out.targetPosition.end}
    }
  }
  return out
}

/** `#start,1:#end` → `start`; `#*` → no anchor (Dendron's note-reference ranges). */
function withDendronRangeAnchor(reference: Reference): Reference {
  const anchor = reference.anchor
  if (anchor === undefined || !/[,:*]/.test(anchor)) return reference
  const start = anchor.split(':')[0]!.replace(/,\d+$/, '').trim()
  return {...reference, anchor: start === '' || start === '*' ? undefined : start}
}
