/**
 * mdast-util-from-markdown extension turning the `wikiLink*` tokens of
 * `./syntax.ts` into `wikiLink` nodes (see `WikiLink` in `./index.ts`).
 */

import type {CompileContext, Extension as FromMarkdownExtension, Token} from 'mdast-util-from-markdown'
import type {Point, Position} from 'unist'
import type {WikiLink} from './index.js'

/**
 * Create the from-markdown extension for wiki links.
 */
export function wikiLinkFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {wikiLink: enterWikiLink},
    exit: {
      wikiLink: exitWikiLink,
      wikiLinkEmbedMarker: exitEmbedMarker,
      wikiLinkTarget: exitTarget,
      wikiLinkAnchorMarker: exitAnchorMarker,
      wikiLinkAnchor: exitAnchor,
      wikiLinkAliasMarker: exitAliasMarker,
      wikiLinkAlias: exitAlias
    }
  }
}

function enterWikiLink(this: CompileContext, token: Token): undefined {
  const node: WikiLink = {
    type: 'wikiLink',
    value: '',
    embed: false,
    target: '',
    // Set by `enter` / `exit`.
    position: undefined as unknown as Position
  }
  this.enter(node, token)
}

function exitWikiLink(this: CompileContext, token: Token): undefined {
  const node = current(this)
  node.value = this.sliceSerialize(token)
  this.exit(token)
}

function exitEmbedMarker(this: CompileContext): undefined {
  current(this).embed = true
}

function exitTarget(this: CompileContext, token: Token): undefined {
  const node = current(this)
  const part = trimmed(this.sliceSerialize(token), token)
  node.target = part.value
  if (part.position) node.targetPosition = part.position
}

function exitAnchorMarker(this: CompileContext): undefined {
  // An anchor marker without anchor chars (`[[a#]]`) yields `anchor: ''`.
  current(this).anchor = ''
}

function exitAnchor(this: CompileContext, token: Token): undefined {
  const node = current(this)
  const part = trimmed(this.sliceSerialize(token), token)
  node.anchor = part.value
  if (part.position) node.anchorPosition = part.position
}

function exitAliasMarker(this: CompileContext): undefined {
  // A separator without alias chars (`[[a|]]`) yields `alias: ''`.
  current(this).alias = ''
}

function exitAlias(this: CompileContext, token: Token): undefined {
  const node = current(this)
  const part = trimmed(this.sliceSerialize(token), token)
  // `\|` inside an alias (e.g. `[[a\|b\|c]]` in a table cell) means `|`.
  node.alias = part.value.replaceAll('\\|', '|')
  if (part.position) node.aliasPosition = part.position
}

function current(context: CompileContext): WikiLink {
  const node = context.stack[context.stack.length - 1]
  if (node?.type !== 'wikiLink') {
    throw new Error('Expected `wikiLink` on the stack, got `' + node?.type + '`')
  }

  return node
}

/**
 * Trim surrounding whitespace from a part, moving its position accordingly.
 * Parts never contain line endings, so only `column` and `offset` shift
 * (each whitespace char is one UTF-16 code unit and one column).
 */
function trimmed(raw: string, token: Token): {value: string; position: Position | undefined} {
  const lead = /^\s*/.exec(raw)![0].length
  const value = raw.trim()
  if (value === '') return {value, position: undefined}
  const trail = raw.length - lead - value.length
  return {
    value,
    position: {
      start: shift(token.start, lead),
      // Not `-trail`: without trailing space that is -0, which V8 cannot
      // store as a small integer. One such column made V8 box the numbers
      // of every {line, column, offset} object in the process from then on
      // (the shape is shared by every parser): 6 % of a cold check's time
      // (bench/README.md; test/small-integers.test.ts).
      end: shift(token.end, 0 - trail)
    }
  }
}

function shift(point: Point, by: number): Point {
  return {
    line: point.line,
    column: point.column + by,
    offset: point.offset === undefined ? undefined : point.offset + by
  }
}
