/**
 * The wiki-link syntax extension alone, as a unified plugin:
 * `import remarkWikiLink from 'kb-lint/remark/wiki-link'`. It adds
 * `wikiLink` nodes (`[[target#anchor|alias]]`, `![[embed]]`) to the tree
 * `remark-parse` builds; it does not check anything and has no serializer.
 */
import {remarkWikiLink} from '../syntax/wiki-link/index.js'

export default remarkWikiLink
export {remarkWikiLink, wikiLink, wikiLinkFromMarkdown} from '../syntax/wiki-link/index.js'
export type {WikiLink} from '../syntax/wiki-link/index.js'
