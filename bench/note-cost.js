#!/usr/bin/env node
/**
 * The cost of one hostile note under the 1 MB cap: each case is written alone
 * into a temporary base and checked by the built CLI (`dist/cli.js`, no
 * cache, one thread, JSON report), timed with GNU time (wall, CPU, peak RSS).
 * The README's "Limits" table and the cost budget in src/engine/limits.ts
 * come from these figures.
 *
 *   npm run build && node bench/note-cost.js            # every case
 *   node bench/note-cost.js list-131k defs-1mb           # some cases
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js')
const lines = (count, line) => line.repeat(count)
const definitions = (count) => Array.from({length: count}, (_, index) => `[x${index}]: y`).join('\n') + '\n'
const toSize = (unit, bytes) => unit.repeat(Math.floor(bytes / unit.length))

const cases = {
  // Refused before parsing (over the budget): these were 3 GB, 2.6 GB and > 15 minutes.
  'list-131k': () => lines(131_000, '- [[a]]\n'),
  'defs-1mb': () => definitions(80_000),
  'unclosed-262k': () => '[a]('.repeat(262_000),
  // The most each construct may cost and still be checked.
  'links-100k': () => '[[a]] '.repeat(100_000),
  'list-25k': () => lines(25_000, '- [[a]]\n'),
  'defs-25k': () => definitions(25_000),
  'unclosed-16k': () => '[a]('.repeat(16_000),
  'prose-1mb': () => toSize('Plain prose, words and more words, without any link at all. ', 1_000_000),
  'table-10k': () => '| a | b |\n|---|---|\n' + lines(10_000, '| [[x]] | y |\n')
}

const hasTime = fs.existsSync('/usr/bin/time')
const wanted = process.argv.slice(2)
const selected = Object.entries(cases).filter(([name]) => wanted.length === 0 || wanted.includes(name))
console.log('| case | bytes | result | wall s | cpu s | peak MB |')
console.log('|---|---|---|---|---|---|')
for (const [name, make] of selected) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-cost-'))
  try {
    const text = make()
    fs.writeFileSync(path.join(root, 'note.md'), text)
    const command = hasTime ? ['/usr/bin/time', '-f', '%e %U %S %M', process.execPath] : [process.execPath]
    const run = spawnSync(command[0], [...command.slice(1), cli, 'check', root, '--no-cache', '-j', '1', '-f', 'json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30
    })
    let result = `exit ${run.status}`
    try {
      const report = JSON.parse(run.stdout)
      const messages = report.flatMap((file) => file.messages)
      result = messages.some((message) => message.ruleId === 'file-unreadable')
        ? 'file-unreadable'
        : `checked (${messages.length} findings)`
    } catch {
      // No JSON: the exit code says what happened.
    }
    const timing = hasTime ? run.stderr.trim().split('\n').pop().split(' ').map(Number) : []
    const [wall, user, system, rssKb] = timing
    console.log(
      `| ${name} | ${Buffer.byteLength(text)} | ${result} | ${wall ?? '?'} | ${hasTime ? (user + system).toFixed(1) : '?'} | ${hasTime ? Math.round(rssKb / 1024) : '?'} |`
    )
  } finally {
    fs.rmSync(root, {recursive: true, force: true})
  }
}
