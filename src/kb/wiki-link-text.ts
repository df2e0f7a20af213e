/**
 * Split the inside of a wiki link (`target#anchor|alias`) written as plain
 * text. The Markdown body is tokenised by the micromark extension in
 * `syntax/wiki-link`; this is for the places micromark never tokenises as a
 * link: YAML frontmatter values, and table rows that GFM already split at an
 * unescaped `|`.
 *
 * It reads exactly what the extension reads from `[[inner]]` (the rules are
 * at the top of `syntax/wiki-link/syntax.ts`; test/wiki-link-text.test.ts
 * checks both on every text of the characters that matter): no `[`, `]` or
 * line ending inside; the first `|` or `\|` starts the alias, whose `\|`
 * mean `|`; the first `#` before it starts the anchor; a link needs a
 * non-blank target or anchor.
 *
 * Ranges are offsets into `inner`, end-exclusive, and cover the trimmed text.
 */
export interface WikiLinkParts {
  target: string
  anchor?: string
  alias?: string
  targetRange?: [number, number]
  anchorRange?: [number, number]
  aliasRange?: [number, number]
  /** Offset of the `|` (or of the `\` of `\|`) that starts the alias. */
  separator?: number
  /** The separator was written `\|`. */
  escapedSeparator?: boolean
}

/** What cannot be inside a wiki link (micromark: `[`, `]`, a line ending). */
const NOT_INSIDE = /[[\]\r\n]/

export function parseWikiLinkText(inner: string): WikiLinkParts | undefined {
  if (NOT_INSIDE.test(inner)) return undefined
  let separator = -1
  let escaped = false
  for (let index = 0; index < inner.length; index++) {
    if (inner[index] === '|') {
      escaped = index > 0 && inner[index - 1] === '\\'
      separator = escaped ? index - 1 : index
      break
    }
  }
  const head = separator === -1 ? inner : inner.slice(0, separator)
  const hash = head.indexOf('#')
  const targetRange = trimRange(inner, 0, hash === -1 ? head.length : hash)
  const result: WikiLinkParts = {target: slice(inner, targetRange)}
  if (result.target !== '') result.targetRange = targetRange
  if (hash !== -1) {
    const anchorRange = trimRange(inner, hash + 1, head.length)
    result.anchor = slice(inner, anchorRange)
    if (result.anchor !== '') result.anchorRange = anchorRange
  }
  // `[[]]`, `[[ ]]`, `[[#]]`, `[[ # |x]]` are no links.
  if (result.target === '' && !result.anchor) return undefined
  if (separator !== -1) {
    const aliasRange = trimRange(inner, separator + (escaped ? 2 : 1), inner.length)
    result.alias = slice(inner, aliasRange).replaceAll('\\|', '|')
    if (aliasRange[1] > aliasRange[0]) result.aliasRange = aliasRange
    result.separator = separator
    result.escapedSeparator = escaped
  }
  return result
}

function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start]!)) start++
  while (end > start && /\s/.test(text[end - 1]!)) end--
  return [start, end]
}

function slice(text: string, range: [number, number]): string {
  return text.slice(range[0], range[1])
}
