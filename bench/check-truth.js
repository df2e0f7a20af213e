#!/usr/bin/env node
/**
 * Self-check of a generated base: re-derives the problems with an independent,
 * deliberately simple checker (remark parse + regexes) and diffs them against
 * `<root>/ground-truth.json`. Catches generator bugs such as a "valid" link that
 * does not resolve, or a recorded position that is off by one.
 *
 *   node bench/check-truth.js bench/.data/kb-1000
 *
 * It is not a linter: it knows exactly how generate.js writes notes.
 */
import {readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import {visit} from 'unist-util-visit'
import GithubSlugger from 'github-slugger'
// biome-ignore lint/suspicious/noShadowRestrictedNames: the library's own name for it
import {toString} from 'mdast-util-to-string'
import YAML from 'yaml'

const root = path.resolve(process.argv[2] ?? 'bench/.data/kb-1000')
const parser = unified().use(remarkParse).use(remarkFrontmatter).use(remarkGfm)

function walk(dir, rel = '') {
  const out = []
  for (const e of readdirSync(dir, {withFileTypes: true})) {
    const r = rel ? `${rel}/${e.name}` : e.name
    if (e.isDirectory()) out.push(...walk(path.join(dir, e.name), r))
    else out.push(r.normalize('NFC'))
  }
  return out
}

/** Line/column (1-based) of a 0-based offset. */
function lineColumn(lineStarts, offset) {
  let lo = 0
  let hi = lineStarts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (lineStarts[mid] <= offset) lo = mid
    else hi = mid - 1
  }
  return {line: lo + 1, column: offset - lineStarts[lo] + 1}
}

const files = walk(root).filter((f) => f !== 'ground-truth.json')
const fileSet = new Set(files)
const notes = new Map()
for (const f of files.filter((f) => f.endsWith('.md'))) {
  const text = readFileSync(path.join(root, f), 'utf8')
  const tree = parser.parse(text)
  const slugger = new GithubSlugger()
  const headings = []
  visit(tree, 'heading', (h) => {
    const t = toString(h)
    headings.push({text: t, slug: slugger.slug(t)})
  })
  notes.set(f.slice(0, -3), {path: f, text, tree, headings})
}

const found = []
for (const note of notes.values()) {
  const add = (ruleId, offset) => found.push({path: note.path, ...lineColumn(note.lineStarts, offset), ruleId})
  note.lineStarts = [0]
  for (let i = 0; i < note.text.length; i++) if (note.text[i] === '\n') note.lineStarts.push(i + 1)

  // Frontmatter.
  const yamlNode = note.tree.children.find((n) => n.type === 'yaml')
  if (!yamlNode) add('frontmatter-missing', 0)
  else {
    const doc = YAML.parseDocument(yamlNode.value)
    if (doc.errors.length) {
      const {line, col} = doc.errors[0].linePos[0]
      found.push({path: note.path, line: line + 1, column: col, ruleId: 'frontmatter-syntax'})
    } else if (!doc.toJS()?.description) add('frontmatter-schema', 0)
  }

  // Wiki links in text nodes only (code, inline code and HTML are other node types).
  const lines = note.text.split('\n')
  visit(note.tree, 'text', (node, _i, parent) => {
    if (parent.type === 'tableCell') return // tables are checked on raw lines below
    const start = node.position.start.offset
    const raw = note.text.slice(start, node.position.end.offset)
    for (const m of raw.matchAll(/!?\[\[([^\]]+)\]\]/g)) checkWiki(m[1], start + m.index)
  })
  function checkWiki(inner, offset) {
    const [targetAnchor] = inner.split(/\\?\|/)
    const [target, anchor] = targetAnchor.split('#')
    if (target && !notes.has(target) && !fileSet.has(target)) return add('link-unresolved', offset)
    const t = target ? notes.get(target) : note
    if (anchor && t && !t.headings.some((h) => h.text === anchor)) add('link-anchor-unresolved', offset)
  }
  visit(note.tree, 'link', (node) => {
    const [file, slug] = decodeURI(node.url).split('#')
    const resolved = file ? path.posix.join(path.posix.dirname(note.path), file) : note.path
    const t = notes.get(resolved.replace(/\.md$/, ''))
    if (!t) return add('link-unresolved', node.position.start.offset)
    if (slug && !t.headings.some((h) => h.slug === slug)) add('link-anchor-unresolved', node.position.start.offset)
  })

  // Tables, on raw lines: header cell count vs each row; `[[..|..]]` unescaped.
  let columns = 0
  lines.forEach((line, i) => {
    if (!line.startsWith('|')) {
      columns = 0
      return
    }
    const cells = line.replace(/\\\|/g, '').split('|').length - 2
    const offset = note.lineStarts[i]
    if (columns === 0) columns = cells
    else if (/^\|( --- \|)+$/.test(line)) return
    else if (cells !== columns) add('table-column-count', offset)
    for (const m of line.matchAll(/\[\[[^\]]*?(?<!\\)\|[^\]]*\]\]/g)) add('table-pipe-in-link', offset + m.index)
    for (const m of line.matchAll(/\[\[([^\]]+)\]\]/g)) {
      if (!/(?<!\\)\|/.test(m[1])) checkWiki(m[1], offset + m.index)
    }
  })
}

const key = (p) => `${p.path}:${p.line}:${p.column}:${p.ruleId}`
const truth = JSON.parse(readFileSync(path.join(root, 'ground-truth.json'), 'utf8'))
const truthKeys = new Set(truth.map(key))
const foundKeys = new Set(found.map(key))
const missed = truth.filter((t) => !foundKeys.has(key(t)))
const extra = found.filter((f) => !truthKeys.has(key(f)))
console.log(`ground truth ${truth.length}, re-derived ${found.length}, missed ${missed.length}, extra ${extra.length}`)
for (const m of missed.slice(0, 10)) console.log('  missed', key(m))
for (const e of extra.slice(0, 10)) console.log('  extra ', key(e))
process.exitCode = missed.length || extra.length ? 1 : 0
