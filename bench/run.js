#!/usr/bin/env node
/**
 * Side-by-side benchmark: kb-lint (fast parser and the remark reference) vs
 * rumdl vs markdownlint-cli2 vs remark-cli vs a bare remark parse, on
 * generated knowledge bases. See bench/README.md.
 *
 *   npm run bench -- --sizes 1000,10000 [--repeat 3] [--skip-remark] [--skip kb-lint,kb-lint-remark,rumdl,markdownlint,remark,bare]
 *
 * Every tool runs as a child process with the base as its cwd, measured by GNU
 * `/usr/bin/time` (wall, user+sys CPU, peak RSS) when it is installed, else by
 * wall clock only. Results are printed and written to bench/.data/results-<size>.json.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, writeFileSync, readFileSync, openSync, closeSync, appendFileSync, readdirSync, mkdirSync} from 'node:fs'
import {tmpdir, loadavg} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dataDir = path.join(repo, 'bench', '.data')
const kbLintCli = path.join(repo, 'dist', 'cli.js')
const RULE_IDS = [
  'link-unresolved',
  'link-anchor-unresolved',
  'frontmatter-missing',
  'frontmatter-syntax',
  'frontmatter-schema',
  'table-column-count',
  'table-pipe-in-link'
]

// ---------------------------------------------------------------------------
// Measuring a child process

/** GNU time prints "GNU Time" for --version; BSD/busybox time does not support -f/-o. */
function detectGnuTime() {
  const r = spawnSync('/usr/bin/time', ['--version'], {encoding: 'utf8'})
  return r.status === 0 && /GNU/.test(r.stdout + r.stderr)
}
const GNU_TIME = detectGnuTime()

/**
 * Run `node <args>` in `cwd`; stdout/stderr go to files in `work` (some tools
 * print megabytes of findings, which must not be held in a pipe buffer).
 * Returns {status, wall, cpu, rss, stdoutFile, stderrFile}; cpu/rss null without GNU time.
 */
function measure(name, args, {cwd, work}) {
  return measureCommand(name, process.execPath, args, {cwd, work})
}

/** `measure` for any executable (rumdl is a native binary). */
function measureCommand(name, executable, args, {cwd, work}) {
  const stdoutFile = path.join(work, `${name}.out`)
  const stderrFile = path.join(work, `${name}.err`)
  const timeFile = path.join(work, `${name}.time`)
  const out = openSync(stdoutFile, 'w')
  const err = openSync(stderrFile, 'w')
  const command = GNU_TIME ? ['/usr/bin/time', ['-o', timeFile, '-f', '%e %U %S %M', executable, ...args]] : [executable, args]
  const started = process.hrtime.bigint()
  const r = spawnSync(command[0], command[1], {cwd, stdio: ['ignore', out, err], maxBuffer: 0})
  const wall = Number(process.hrtime.bigint() - started) / 1e9
  closeSync(out)
  closeSync(err)
  // The 1-minute load average after the run: a high value means other work shared the cores.
  const result = {status: r.status, wall, cpu: null, rss: null, load: loadavg()[0], stdoutFile, stderrFile}
  if (GNU_TIME && existsSync(timeFile)) {
    // GNU time may prepend "Command exited with non-zero status N"; the figures are the last line.
    const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop()
    const [, user, sys, maxKb] = last.split(' ').map(Number)
    result.cpu = user + sys
    result.rss = maxKb / 1024
  }
  return result
}

/** First meaningful line of a file, shortened, for "n/a (reason)". */
function firstLine(file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const line = text.split('\n').find((l) => l.trim()) ?? 'no output'
  return line.trim().slice(0, 100)
}

/**
 * Linters exit 1 when they find problems, which is expected here. But Node also
 * exits 1 on an uncaught exception, so exit 1 with a stack trace on stderr, or
 * (for `--format json`) with stdout that is not JSON, is a failure too. Failures
 * make the row "n/a (reason)" instead of a figure.
 */
function checked(result, {json = false} = {}) {
  const failed = (why) => ({na: `exit ${result.status}: ${why}`})
  if (result.status !== 0 && result.status !== 1) return failed(firstLine(result.stderrFile))
  const stderr = readFileSync(result.stderrFile, 'utf8')
  const stack = /^\s+at .+:\d+:\d+\)?$/m.test(stderr)
  if (result.status === 1 && stack) {
    const error = stderr.split('\n').find((l) => /Error\b/.test(l)) ?? firstLine(result.stderrFile)
    return failed(error.trim().slice(0, 100))
  }
  if (json) {
    try {
      JSON.parse(readFileSync(result.stdoutFile, 'utf8'))
    } catch {
      return failed(`stdout is not JSON; stderr: ${firstLine(result.stderrFile)}`)
    }
  }
  return result
}

// ---------------------------------------------------------------------------
// Tools

function kbLintRows(base, work, repeat) {
  if (!existsSync(kbLintCli)) {
    const na = {na: 'dist/cli.js not built yet'}
    return {cold: na, warm: na, jobs1: na, jobs2: na}
  }
  const run = (name, extra) =>
    checked(measure(name, [kbLintCli, 'check', '.', '--format', 'json', ...extra], {cwd: base, work}), {json: true})
  // kb-lint runs first of all the tools: one uncounted run first, so that it
  // does not alone pay for reading the base into the page cache. Its `--debug`
  // line says how many notes the fast parser left to the reference.
  const warmUp = run('kb-lint-warm-up', ['--no-cache', '--debug'])
  const fallbacks = warmUp.na ? undefined : /(\d+) by the reference parser/.exec(readFileSync(warmUp.stderrFile, 'utf8'))?.[1]
  // The two rows with targets run `repeat` times (this VM's single runs vary
  // by ±15 %); the row shows the median run and keeps every wall time.
  const cold = medianOf(repeat, (index) => run(`kb-lint-cold-${index}`, ['--no-cache']))
  const jobs1 = run('kb-lint-jobs1', ['--no-cache', '--jobs', '1'])
  const jobs2 = run('kb-lint-jobs2', ['--no-cache', '--jobs', '2'])
  return {cold, warm: warmRun(base, work, run, repeat), jobs1, jobs2, fallbacks: fallbacks === undefined ? undefined : Number(fallbacks)}
}

/** Run `once` n times: the run with the median wall time, plus every run's wall time (`walls`). */
function medianOf(n, once) {
  const runs = Array.from({length: n}, (_, index) => once(index + 1))
  const failed = runs.find((r) => r.na)
  if (failed) return failed
  const sorted = [...runs].sort((a, b) => a.wall - b.wall)
  return {...sorted[Math.floor((sorted.length - 1) / 2)], walls: runs.map((r) => r.wall)}
}

/** Fill the cache, change one note, and time the second run(s); the note is restored after. */
function warmRun(base, work, run, repeat) {
  const cache = ['--cache-location', path.join(work, 'kb-lint-cache.json')]
  const fill = run('kb-lint-fill', cache)
  if (fill.na) return {na: `cache fill failed: ${fill.na}`}
  const truth = JSON.parse(readFileSync(path.join(base, 'ground-truth.json'), 'utf8'))
  // A note that has no recorded problem keeps the findings identical.
  const edited = path.join(base, firstCleanNote(base, truth))
  const original = readFileSync(edited)
  try {
    appendFileSync(edited, '\nOne more paragraph, added by the warm benchmark run.\n')
    return medianOf(repeat, (index) => run(`kb-lint-warm-${index}`, cache))
  } finally {
    writeFileSync(edited, original)
  }
}

/** The first note (in walk order) without a recorded problem. */
function firstCleanNote(base, truth) {
  const withProblems = new Set(truth.map((t) => t.path))
  const walk = (rel) => {
    for (const e of readdirSync(path.join(base, rel), {withFileTypes: true})) {
      const p = rel ? `${rel}/${e.name}` : e.name
      const hit = e.isDirectory() ? walk(p) : p.endsWith('.md') && !withProblems.has(p.normalize('NFC')) && p
      if (hit) return hit
    }
    return undefined
  }
  return walk('')
}

/**
 * kb-lint with the reference parser (`--parser remark`): the same findings
 * (its JSON is compared with the ground truth too), the old cost.
 */
function kbLintRemarkRow(base, work, repeat) {
  if (!existsSync(kbLintCli)) return {na: 'dist/cli.js not built yet'}
  return medianOf(repeat, (index) =>
    checked(
      measure(`kb-lint-remark-${index}`, [kbLintCli, 'check', '.', '--format', 'json', '--no-cache', '--parser', 'remark'], {
        cwd: base,
        work
      }),
      {json: true}
    )
  )
}

/**
 * rumdl (Rust, from npm: its platform package ships the binary, run directly
 * so no Node wrapper is timed) with the rules that overlap kb-lint's: MD051
 * link fragments, MD057 relative links exist, MD055/MD056/MD058 tables. It
 * does not read wiki links or check frontmatter.
 */
function rumdlRow(base, work) {
  const binary = rumdlBinary()
  if (!binary) return {na: `rumdl ${RUMDL_VERSION} could not be installed into bench/.data/tools`}
  const args = ['check', '.', '--no-config', '--enable', 'MD051,MD055,MD056,MD057,MD058', '--no-cache', '--color', 'never']
  return checked(measureCommand('rumdl', binary, args, {cwd: base, work}))
}

/**
 * rumdl is not a dev dependency: its package lists a platform package per OS
 * that the registry does not always serve, which breaks `npm ci` for everyone.
 * The bench installs the pinned version for this platform on first use.
 */
const RUMDL_VERSION = '0.2.75'
function rumdlBinary() {
  const tools = path.join(repo, 'bench', '.data', 'tools')
  const find = () =>
    ['cli-linux-x64', 'cli-linux-arm64', 'cli-linux-x64-musl', 'cli-linux-arm64-musl', 'cli-darwin-arm64', 'cli-darwin-x64']
      .map((name) => path.join(tools, 'node_modules', '@rumdl', name, 'rumdl'))
      .find((file) => existsSync(file))
  if (!find()) {
    mkdirSync(tools, {recursive: true})
    spawnSync(
      'npm',
      ['install', '--prefix', tools, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `rumdl@${RUMDL_VERSION}`],
      {stdio: 'inherit'}
    )
  }
  return find()
}

function markdownlintRow(base, work) {
  // Only the table rules; config lives in the temp dir so the base stays untouched.
  const config = path.join(work, '.markdownlint-cli2.jsonc')
  writeFileSync(config, JSON.stringify({config: {default: false, MD055: true, MD056: true, MD058: true}}, null, 2))
  const bin = path.join(repo, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs')
  return checked(measure('markdownlint-cli2', [bin, '**/*.md', '--config', config], {cwd: base, work}))
}

function remarkRow(base, work) {
  const rc = path.join(work, '.remarkrc.mjs')
  writeFileSync(rc, remarkConfig())
  const bin = path.join(repo, 'node_modules', 'remark-cli', 'cli.js')
  const args = [bin, '.', '--rc-path', rc, '--no-config', '--no-ignore', '--no-stdout', '--quiet', '--no-color']
  return checked(measure('remark-cli', args, {cwd: base, work}))
}

/**
 * A remark config comparable in scope to kb-lint: frontmatter + GFM parsing,
 * Markdown link and heading validation (it does not know wiki links), table
 * rules, and a frontmatter JSON schema. Plugins are imported by absolute URL
 * because the config file lives in a temp dir outside node_modules' reach.
 */
function remarkConfig() {
  const plugins = [
    'remark-frontmatter',
    'remark-gfm',
    'remark-validate-links',
    'remark-lint-table-pipes',
    'remark-lint-no-hidden-table-cell',
    'remark-lint-frontmatter-schema'
  ]
  const url = (name) => import.meta.resolve(name)
  const schema = {
    type: 'object',
    required: ['title', 'description', 'tags'],
    properties: {title: {type: 'string'}, description: {type: 'string'}, tags: {type: 'array', items: {type: 'string'}}}
  }
  return [
    ...plugins.map((p, i) => `import p${i} from ${JSON.stringify(url(p))}`),
    '',
    'export default {',
    '  plugins: [',
    "    [p0, ['yaml']],",
    '    p1,',
    '    [p2, {repository: false}],',
    '    p3,',
    '    p4,',
    `    [p5, {embed: ${JSON.stringify(schema)}}]`,
    '  ]',
    '}',
    ''
  ].join('\n')
}

function bareParseRow(base, work) {
  return checked(measure('bare-parse', [path.join(repo, 'bench', 'bare-parse.js'), '.'], {cwd: base, work}))
}

// ---------------------------------------------------------------------------
// Findings vs ground truth

const normPath = (p) => p.replaceAll('\\', '/').replace(/^\.\//, '').normalize('NFC')
const key = (f) => `${normPath(f.path)}\t${f.line}\t${f.column}\t${f.ruleId}`
/** Same note, rule and line; column ignored: tells "found but placed differently" apart from "missed". */
const looseKey = (f) => `${normPath(f.path)}\t${f.line}\t${f.ruleId}`

function compareWithTruth(base, cold) {
  if (cold.na) return {na: cold.na}
  let report
  try {
    report = JSON.parse(readFileSync(cold.stdoutFile, 'utf8'))
  } catch (error) {
    return {na: `--format json output is not JSON: ${error.message.slice(0, 80)}`}
  }
  const truth = JSON.parse(readFileSync(path.join(base, 'ground-truth.json'), 'utf8'))
  const found = report.flatMap((file) => (file.messages ?? []).map((m) => ({path: file.path, ...m})))
  const rows = {}
  for (const ruleId of RULE_IDS) {
    const want = truth.filter((t) => t.ruleId === ruleId)
    const got = found.filter((f) => f.ruleId === ruleId)
    const gotKeys = new Set(got.map(key))
    const wantKeys = new Set(want.map(key))
    const gotLoose = new Set(got.map(looseKey))
    rows[ruleId] = {
      expected: want.length,
      found: want.filter((t) => gotKeys.has(key(t))).length,
      missed: want.filter((t) => !gotKeys.has(key(t))).length,
      missedButOnSameLine: want.filter((t) => !gotKeys.has(key(t)) && gotLoose.has(looseKey(t))).length,
      extra: got.filter((f) => !wantKeys.has(key(f))).length
    }
  }
  const other = {}
  for (const f of found.filter((f) => !RULE_IDS.includes(f.ruleId))) other[f.ruleId] = (other[f.ruleId] ?? 0) + 1
  return {rows, other}
}

// ---------------------------------------------------------------------------
// Output

const fmt = {
  s: (x) => (x == null ? '—' : `${x.toFixed(2)} s`),
  mb: (x) => (x == null ? '—' : `${x.toFixed(0)} MB`),
  ratio: (a, b) => (a == null || b == null || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`)
}

function printTable(size, results) {
  console.log(`\n### ${size} notes\n`)
  console.log('| tool | wall | CPU (user+sys) | peak RSS | load avg |')
  console.log('| --- | --- | --- | --- | --- |')
  for (const [label, r] of Object.entries(results)) {
    if (r.skipped) console.log(`| ${label} | skipped | | |`)
    else if (r.na) console.log(`| ${label} | n/a (${r.na}) | | |`)
    else console.log(`| ${label} | ${fmt.s(r.wall)} | ${fmt.s(r.cpu)} | ${fmt.mb(r.rss)} | ${r.load.toFixed(1)} |`)
  }
  for (const [label, r] of Object.entries(results)) {
    if (r.walls) console.log(`\n${label}: median of ${r.walls.length} runs (wall ${r.walls.map((w) => w.toFixed(2)).join(', ')} s)`)
  }
  const v = (label, field) => results[label]?.[field] ?? null
  console.log('\nRatios:')
  console.log(
    `- kb-lint cold wall / rumdl wall: ${fmt.ratio(v('kb-lint cold', 'wall'), v('rumdl', 'wall'))} (target ≤ 2×); CPU: ${fmt.ratio(v('kb-lint cold', 'cpu'), v('rumdl', 'cpu'))}`
  )
  console.log(
    `- kb-lint cold wall / kb-lint --parser remark wall: ${fmt.ratio(v('kb-lint cold', 'wall'), v('kb-lint cold --parser remark', 'wall'))}; CPU: ${fmt.ratio(v('kb-lint cold', 'cpu'), v('kb-lint cold --parser remark', 'cpu'))}`
  )
  console.log(`- kb-lint cold wall / remark-cli wall: ${fmt.ratio(v('kb-lint cold', 'wall'), v('remark-cli', 'wall'))}`)
  console.log(
    `- kb-lint cold wall / markdownlint-cli2 wall: ${fmt.ratio(v('kb-lint cold', 'wall'), v('markdownlint-cli2 (tables)', 'wall'))}`
  )
  console.log(`- kb-lint cold CPU / bare parse CPU: ${fmt.ratio(v('kb-lint cold', 'cpu'), v('bare parse', 'cpu'))} (target ≤ 0.3×)`)
  console.log(
    `- kb-lint warm wall: ${fmt.s(v('kb-lint warm (1 note edited)', 'wall'))} (warm / cold: ${fmt.ratio(v('kb-lint warm (1 note edited)', 'wall'), v('kb-lint cold', 'wall'))})`
  )
  if (!GNU_TIME) console.log('- note: GNU /usr/bin/time not found (apt-get install time): wall time only')
}

function printTruth(comparison) {
  if (comparison.na) return console.log(`n/a (${comparison.na})`)
  console.log('| rule | expected | found | missed | (missed, same line) | extra |')
  console.log('| --- | --- | --- | --- | --- | --- |')
  for (const [ruleId, r] of Object.entries(comparison.rows)) {
    console.log(`| ${ruleId} | ${r.expected} | ${r.found} | ${r.missed} | ${r.missedButOnSameLine} | ${r.extra} |`)
  }
  const other = Object.entries(comparison.other)
  if (other.length) console.log(`other rules (not in ground truth): ${other.map(([k, n]) => `${k} ${n}`).join(', ')}`)
}

// ---------------------------------------------------------------------------

function ensureBase(size, seed) {
  const base = path.join(dataDir, `kb-${size}`)
  if (!existsSync(path.join(base, 'ground-truth.json'))) {
    console.log(`generating ${base} ...`)
    const r = spawnSync(
      process.execPath,
      [path.join(repo, 'bench', 'generate.js'), '--notes', String(size), '--seed', String(seed), '--out', base],
      {stdio: 'inherit'}
    )
    if (r.status !== 0) throw new Error(`generate.js failed for ${size}`)
  }
  return base
}

function benchSize(size, {seed, skip, repeat}) {
  const base = ensureBase(size, seed)
  const work = mkdtempSync(path.join(tmpdir(), `kb-bench-${size}-`))
  const results = {}
  const step = (label, tool, fn) => {
    if (skip.has(tool)) return (results[label] = {skipped: true})
    process.stderr.write(`[${size}] ${label} ...\n`)
    results[label] = fn()
  }
  let kb = null
  if (!skip.has('kb-lint')) {
    process.stderr.write(`[${size}] kb-lint (cold, --jobs 1, --jobs 2, warm) ...\n`)
    kb = kbLintRows(base, work, repeat)
  }
  const kbRow = (r) => r ?? {skipped: true}
  results['kb-lint cold'] = kbRow(kb?.cold)
  results['kb-lint warm (1 note edited)'] = kbRow(kb?.warm)
  results['kb-lint --jobs 1'] = kbRow(kb?.jobs1)
  results['kb-lint --jobs 2'] = kbRow(kb?.jobs2)
  step('kb-lint cold --parser remark', 'kb-lint-remark', () => kbLintRemarkRow(base, work, repeat))
  step('rumdl', 'rumdl', () => rumdlRow(base, work))
  step('markdownlint-cli2 (tables)', 'markdownlint', () => markdownlintRow(base, work))
  step('remark-cli', 'remark', () => remarkRow(base, work))
  step('bare parse', 'bare', () => bareParseRow(base, work))

  printTable(size, results)
  if (kb?.fallbacks !== undefined)
    console.log(`\nkb-lint's fast parser left ${kb.fallbacks} of ${size} notes to the reference parser (--debug).`)
  const comparison = kb ? compareWithTruth(base, kb.cold) : {na: 'kb-lint skipped'}
  console.log('\nkb-lint findings vs ground-truth.json, fast parser (default):')
  printTruth(comparison)
  const reference = results['kb-lint cold --parser remark']
  const referenceComparison = reference && !reference.skipped ? compareWithTruth(base, reference) : {na: 'kb-lint --parser remark skipped'}
  console.log('\nkb-lint findings vs ground-truth.json, --parser remark (the reference):')
  printTruth(referenceComparison)
  const summary = {
    size,
    date: new Date().toISOString(),
    node: process.version,
    gnuTime: GNU_TIME,
    results,
    fallbacks: kb?.fallbacks,
    comparison,
    referenceComparison
  }
  writeFileSync(path.join(dataDir, `results-${size}.json`), JSON.stringify(summary, null, 2))
  console.log(`(outputs kept in ${work}; summary in bench/.data/results-${size}.json)`)
}

function main() {
  const {values} = parseArgs({
    options: {
      sizes: {type: 'string', default: '1000,10000'},
      seed: {type: 'string', default: '1'},
      skip: {type: 'string', default: ''},
      'skip-remark': {type: 'boolean', default: false},
      repeat: {type: 'string', default: '3'}
    }
  })
  const repeat = Math.max(1, Number(values.repeat) || 1)
  const skip = new Set(values.skip.split(',').filter(Boolean))
  if (values['skip-remark']) skip.add('remark')
  const sizes = values.sizes.split(',').map(Number)
  console.log(`kb-lint side-by-side benchmark — node ${process.version}, ${GNU_TIME ? 'GNU time' : 'wall clock only'}`)
  for (const size of sizes) benchSize(size, {seed: Number(values.seed), skip, repeat})
}

main()
