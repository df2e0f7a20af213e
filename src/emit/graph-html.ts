/**
 * A single self-contained HTML file showing the link graph interactively.
 *
 * - Works offline from `file://`: the graph library (Cytoscape.js, its UMD
 *   bundle read from node_modules at emit time), the viewer script and the
 *   styles are all inlined; a Content-Security-Policy meta tag
 *   (`default-src 'none'`) stops the page from fetching anything at all.
 * - Force-directed layout (Cytoscape's built-in `cose`), node colour by
 *   folder at the first level where the base's folders differ, node size by backlinks, missing targets red and dashed, a search
 *   box, and a side panel (title, description, path, tags, outgoing links,
 *   backlinks) when a node is clicked.
 * - Security: the graph is embedded as JSON in `<script type="application/json">`
 *   with `<`, `>`, `&`, U+2028 and U+2029 written as `\uXXXX` escapes, so no
 *   note text can close the script element; the viewer reads it with
 *   `JSON.parse` and puts note-derived text in the DOM with `textContent` only.
 * - The page exposes `window.__kbGraph` (`order`, `size`, `select(key)`,
 *   `search(text)`, `selected()`) and `data-node-count` / `data-edge-count` /
 *   `data-ready` attributes on `<body>`, for tests and scripting.
 */
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import type {JsonGraph} from './graph-model.js'
import {VIEWER_CSS, VIEWER_JS} from './graph-html-assets.js'

export interface HtmlOptions {
  /** Page title; default the graph's label, else `kb-lint link graph`. */
  title?: string
}

/** The Content-Security-Policy of the page: nothing may be fetched. */
export const GRAPH_HTML_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"

/** The npm module path of the inlined browser bundle. */
export const GRAPH_LIBRARY_MODULE = 'cytoscape/dist/cytoscape.min.js'

let libraryCache: string | undefined

/** The browser (UMD) bundle of Cytoscape.js, read once from node_modules. */
export function graphLibrarySource(): string {
  if (libraryCache === undefined) {
    const file = createRequire(import.meta.url).resolve(GRAPH_LIBRARY_MODULE)
    libraryCache = safeInlineScript(readFileSync(file, 'utf8'))
  }
  return libraryCache
}

/**
 * Make JavaScript source safe to place inside an inline `<script>` element:
 * the HTML parser ends the element at `</script` and treats `<!--` specially.
 * Both sequences can only appear in JS inside strings, regexes or comments,
 * where `<\/` and `<\!--` mean the same thing.
 */
export function safeInlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--')
}

/**
 * Serialise a value as JSON that is safe inside any HTML element, including
 * `<script type="application/json">`: `<`, `>`, `&`, U+2028 and U+2029 are
 * written as `\uXXXX` escapes (JSON.parse reads them back unchanged).
 */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Escape text for HTML element content and double-quoted attributes. */
export function htmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Render the graph as one self-contained HTML page. */
export function graphToHtml(graph: JsonGraph, options: HtmlOptions = {}): string {
  const title = options.title ?? graph.graph.label ?? 'kb-lint link graph'
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${htmlEscape(GRAPH_HTML_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kb-lint">
<title>${htmlEscape(title)}</title>
<style>
${VIEWER_CSS}
</style>
</head>
<body data-ready="false">
<header id="bar">
  <h1 id="graph-title">${htmlEscape(title)}</h1>
  <input id="search" type="search" placeholder="Search notes by title or id…" autocomplete="off" spellcheck="false" aria-label="Search notes">
  <span id="search-count" aria-live="polite"></span>
  <span id="counts"></span>
  <ul id="legend" aria-label="Folder colours"></ul>
</header>
<main id="cy" aria-label="Link graph"></main>
<aside id="panel" hidden>
  <button id="panel-close" type="button" aria-label="Close">×</button>
  <h2 id="panel-title"></h2>
  <p id="panel-type"></p>
  <p id="panel-description"></p>
  <p class="field"><span class="name">Path</span> <code id="panel-path"></code></p>
  <p class="field" id="panel-tags-row"><span class="name">Tags</span> <span id="panel-tags"></span></p>
  <h3>Outgoing links <span id="panel-out-count" class="count"></span></h3>
  <ul id="panel-out" class="links"></ul>
  <h3>Backlinks <span id="panel-in-count" class="count"></span></h3>
  <ul id="panel-in" class="links"></ul>
</aside>
<script type="application/json" id="kb-graph-data">${jsonForHtml(graph)}</script>
<script>
${graphLibrarySource()}
</script>
<script>
${safeInlineScript(VIEWER_JS)}
</script>
</body>
</html>
`
}
