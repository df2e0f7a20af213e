/**
 * The wiki-link syntax extension alone, as a unified plugin:
 * `import remarkWikiLink from 'kb-lint/remark/wiki-link'`. It adds
 * `wikiLink` nodes (`[[target#anchor|alias]]`, `![[embed]]`) to the tree
 * `remark-parse` builds, and writes them back with `remark-stringify`; it
 * does not check anything.
 */
import {remarkWikiLink} from '../syntax/wiki-link/index.js'

export default remarkWikiLink
export {remarkWikiLink, wikiLink, wikiLinkFromMarkdown, wikiLinkToMarkdown} from '../syntax/wiki-link/index.js'
export type {WikiLink} from '../syntax/wiki-link/index.js'
