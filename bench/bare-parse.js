#!/usr/bin/env node
/**
 * "Bare parse" baseline: read every note below <root> and parse it with
 * remark-parse + remark-frontmatter + remark-gfm, one after another, in one
 * process. No rules, no link resolution, no output. It is the floor that any
 * remark-based linter pays, so kb-lint's CPU time is reported relative to it.
 *
 *   node bench/bare-parse.js bench/.data/kb-1000
 */
import {readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'

function* markdownFiles(dir) {
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* markdownFiles(full)
    else if (entry.name.endsWith('.md')) yield full
  }
}

const root = path.resolve(process.argv[2] ?? '.')
// One processor for all files, as a linter would reuse it.
const processor = unified().use(remarkParse).use(remarkFrontmatter).use(remarkGfm)
let files = 0
let nodes = 0
for (const file of markdownFiles(root)) {
  const tree = processor.parse(readFileSync(file, 'utf8'))
  nodes += tree.children.length // touch the result so the work cannot be skipped
  files++
}
console.log(`parsed ${files} files (${nodes} top-level nodes)`)
