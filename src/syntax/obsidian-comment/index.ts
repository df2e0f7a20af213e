/**
 * Obsidian comments (`%%hidden%%`, inline or as a block) for unified / remark:
 * the syntax is in `./syntax.ts`; here the mdast node and the plugin.
 *
 * A comment becomes one `obsidianComment` node (a block where it stands
 * alone on its lines, phrasing inside a paragraph, heading or cell). Nothing
 * inside it is parsed: no link, heading, table or block id comes from it.
 */
import type {Literal} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token} from 'mdast-util-from-markdown'
import type {Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
// Registers `data.micromarkExtensions` / `data.fromMarkdownExtensions` types.
import type {} from 'remark-parse'
import type {Processor} from 'unified'
import {obsidianComment} from './syntax.js'

export {findCommentRanges, obsidianComment, type CommentRanges, type ObsidianCommentOptions} from './syntax.js'

export interface ObsidianComment extends Literal {
  type: 'obsidianComment'
  /** The text between the two `%%`, as written (line endings kept). */
  value: string
}

declare module 'mdast' {
  interface RootContentMap {
    obsidianComment: ObsidianComment
  }
  interface BlockContentMap {
    obsidianComment: ObsidianComment
  }
  interface PhrasingContentMap {
    obsidianComment: ObsidianComment
  }
}

export function obsidianCommentFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      obsidianComment(this: CompileContext, token: Token): undefined {
        this.enter({type: 'obsidianComment', value: ''} as ObsidianComment, token)
      }
    },
    exit: {
      obsidianComment(this: CompileContext, token: Token): undefined {
        const node = this.stack[this.stack.length - 1] as unknown as ObsidianComment
        const raw = this.sliceSerialize(token)
        node.value = raw.slice(2, raw.lastIndexOf('%%'))
        this.exit(token)
      }
    }
  }
}

/** Writes a comment back as it was read (`%%value%%`), so text round-trips. */
export function obsidianCommentToMarkdown(): ToMarkdownExtension {
  return {
    handlers: {
      obsidianComment: (node: ObsidianComment) => '%%' + node.value + '%%'
    }
  }
}

/** unified plugin adding Obsidian comments to `remark-parse`. */
export function remarkObsidianComment(this: Processor): undefined {
  const data = this.data()
  ;(data.micromarkExtensions ??= []).push(obsidianComment())
  ;(data.fromMarkdownExtensions ??= []).push(obsidianCommentFromMarkdown())
}
