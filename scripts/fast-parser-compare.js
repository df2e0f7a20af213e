#!/usr/bin/env node
/**
 * Differential check of the fast parser on real folders (not part of the
 * tests: it reads whatever folders it is given, e.g. ../shared/corpora):
 *
 *   npm run build && node scripts/fast-parser-compare.js <folder>... [--show 3]
 *
 * Every `.md` file goes through the per-file phase with both parsers (all file
 * rules on); prints notes compared, notes the fast parser read itself, the
 * fallback reasons, and every note whose summaries differ (exit 1 if any).
 */
import {readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {compareParsers} from '../dist/syntax/fast/compare.js'

const {values, positionals} = parseArgs({allowPositionals: true, options: {show: {type: 'string', default: '3'}}})
if (positionals.length === 0) {
  console.error('usage: node scripts/fast-parser-compare.js <folder>... [--show N]')
  process.exit(2)
}

function* markdownFiles(directory) {
  for (const entry of readdirSync(directory, {withFileTypes: true})) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue
    const full = path.join(directory, entry.name)
    if (entry.isDirectory()) yield* markdownFiles(full)
    else if (entry.isFile() && /\.md$/i.test(entry.name)) yield full
  }
}

let compared = 0
let fast = 0
const reasons = new Map()
const different = []
for (const folder of positionals) {
  const files = statSync(folder).isDirectory() ? markdownFiles(folder) : [folder]
  for (const file of files) {
    const result = compareParsers(readFileSync(file), path.relative(folder, file).split(path.sep).join('/') || path.basename(file))
    compared++
    if (result.fast) fast++
    else reasons.set(result.reason, (reasons.get(result.reason) ?? 0) + 1)
    if (result.difference) different.push({file, ...result.difference})
  }
}
console.log(`${compared} notes compared, ${fast} read by the fast parser, ${compared - fast} fell back, ${different.length} different`)
for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  fallback ${String(count).padStart(6)}  ${reason}`)
for (const item of different.slice(0, Number(values.show))) {
  console.log(`\nDIFFERENT: ${item.file}\n  fast:   ${item.fast}\n  remark: ${item.remark}`)
}
process.exit(different.length > 0 ? 1 : 0)
