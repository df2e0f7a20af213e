#!/usr/bin/env node
/**
 * Deterministic generator of a synthetic Markdown knowledge base for the benchmark.
 *
 *   node bench/generate.js --notes 10000 --seed 1 --out bench/.data/kb-10000
 *
 * The same (--notes, --seed) always produces byte-identical files: everything
 * random comes from one seeded PRNG (mulberry32) drawn in a fixed order.
 *
 * Problems are injected at a low rate and recorded in `<out>/ground-truth.json`,
 * an array of {path, line, column, ruleId} sorted by path, line, column
 * (paths relative to <out>, `/`-separated, NFC). Everything else in the base is
 * meant to be clean, including traps that must NOT be reported: link-like text in
 * fenced code, inline code and HTML comments, and `\|` inside wiki links in tables.
 *
 * Position conventions (1-based line and column, UTF-16 code units; the base has
 * no characters outside the BMP, so these are also code points):
 *   link-unresolved, link-anchor-unresolved  start of `[[`, `![[` or `[`
 *   table-pipe-in-link                       start of the `[[` of the broken link
 *   table-column-count                       the row's first `|` (column 1)
 *   frontmatter-missing, frontmatter-schema  1:1 (schema: the opening `---`)
 *   frontmatter-syntax                       first error the `yaml` package reports
 *
 * Links are written as an Obsidian vault writes them: wiki links as paths from
 * the vault root, Markdown links relative to the note (`../x/y.md`, `y.md`)
 * with GitHub-slug fragments. Quartz reads every Markdown link from the site
 * root, so the base carries a `kb-lint.config.json` that names its publisher
 * (`links.resolution: "obsidian"`); the ground truth holds under that mode.
 */
import {mkdirSync, writeFileSync, rmSync, existsSync} from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'
import GithubSlugger from 'github-slugger'
import YAML from 'yaml'

// ---------------------------------------------------------------------------
// PRNG and small helpers

/** mulberry32: tiny, fast, good enough for test data, and stable across Node versions. */
function mulberry32(seed) {
  let a = seed >>> 0
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

let rand = mulberry32(1)
const int = (min, max) => min + Math.floor(rand() * (max - min + 1))
const pick = (list) => list[Math.floor(rand() * list.length)]
const chance = (p) => rand() < p
const pad = (n, width = 5) => String(n).padStart(width, '0')

/** Pick `count` distinct items (order as drawn). */
function sample(list, count) {
  const copy = list.slice()
  const out = []
  while (out.length < count && copy.length > 0) {
    out.push(copy.splice(Math.floor(rand() * copy.length), 1)[0])
  }
  return out
}

// ---------------------------------------------------------------------------
// Vocabulary. No `_`, `*`, `[`, `]`, `|`, `#`, `<` or backticks: filler text must
// never form Markdown syntax by accident. Cyrillic words include `й` and `ё`,
// which have NFD decompositions, so NFC vs NFD handling is exercised.

const LATIN_WORDS = (
  'the a of to and in is for on with as by that this from at are be it or was ' +
  'service queue retry latency cache index graph note link schema deploy config ' +
  'release owner review incident metric budget storage replica shard backup ' +
  'migration rollout feature contract payload handler worker cluster request ' +
  'response timeout window batch stream event consumer producer partition'
).split(' ')
const CYRILLIC_WORDS = (
  'и в на с по для это как что при из от до так уже ещё очень ' +
  'сервис очередь задержка кэш индекс граф заметка ссылка схема выкладка ' +
  'настройка релиз владелец обзор инцидент метрика бюджет хранилище реплика ' +
  'миграция новый старый линейный контракт обработчик кластер запрос ответ ' +
  'таймаут окно пакет поток событие потребитель раздел журнал ёмкость'
).split(' ')

const TOP_FOLDERS = ['projects', 'areas', 'resources', 'archive', 'заметки', 'проекты', 'архив', 'журнал']
const SUB_FOLDERS = [
  'backend',
  'frontend',
  'infra',
  'data',
  'security',
  'meetings',
  'design',
  'ops',
  'бэкенд',
  'фронтенд',
  'инфраструктура',
  'данные',
  'встречи',
  'дизайн',
  'разное',
  'исследования'
]
const LEAF_FOLDERS = ['2023', '2024', '2025', 'drafts', 'done', 'черновики', 'готово', 'идеи']

const LATIN_TOPICS = [
  'kafka-retries',
  'cache-invalidation',
  'schema-registry',
  'deploy-checklist',
  'incident-review',
  'latency-budget',
  'index-rebuild',
  'backup-policy',
  'feature-flags',
  'shard-rebalance',
  'api-contract',
  'oncall-handbook'
]
const CYRILLIC_TOPICS = [
  'разбор-ошибок',
  'новый-сервис',
  'настройка-кэша',
  'линейный-поиск',
  'план-миграции',
  'итоги-квартала',
  'ёмкость-хранилища',
  'обзор-архитектуры'
]

/** Section headings (distinct slugs; some Cyrillic, one with `й` and one with `ё`). */
const SECTION_HEADINGS = [
  'Overview',
  'Background',
  'Open questions',
  'Implementation notes',
  'Next steps',
  'Risks and limits',
  'Decision log',
  'References',
  'Контекст',
  'Решение',
  'Итоги встречи',
  'Риски и ограничения',
  'Новый подход',
  'Что ещё проверить',
  'Ссылки и материалы'
]

const ATTACHMENTS = Array.from({length: 40}, (_, i) => `img/diagram-${pad(i, 3)}.png`)
/** A valid 1×1 PNG so attachments are real files, not empty placeholders. */
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

// ---------------------------------------------------------------------------
// Injection rates (per note unless said otherwise). Low on purpose: the base is
// a mostly healthy knowledge base with a few dozen problems per thousand notes.

const RATE = {
  wikiUnresolved: 0.02,
  mdUnresolved: 0.01,
  wikiAnchorUnresolved: 0.01,
  mdAnchorUnresolved: 0.01,
  selfAnchorUnresolved: 0.005,
  frontmatterMissing: 0.005,
  frontmatterSyntax: 0.005,
  frontmatterSchema: 0.01,
  table: 0.4,
  /** Of the notes with a table. */
  tableColumnCount: 0.03,
  tablePipeInLink: 0.02
}

// ---------------------------------------------------------------------------
// Plan: decide every note's folder, file name and headings before writing any
// content, so links can target headings of notes not yet written.

function planFolders(noteCount) {
  // About 50 notes per folder; depth 2..4 below the root.
  const folderCount = Math.max(4, Math.round(noteCount / 50))
  const folders = new Set()
  while (folders.size < folderCount) {
    const depth = int(2, 4)
    const parts = [pick(TOP_FOLDERS)]
    if (depth >= 2) parts.push(pick(SUB_FOLDERS))
    if (depth >= 3) parts.push(pick(LEAF_FOLDERS))
    if (depth >= 4) parts.push(`${pick(['q', 'т'])}${int(1, 4)}`)
    folders.add(parts.join('/'))
  }
  return [...folders].sort()
}

function planNotes(noteCount) {
  const folders = planFolders(noteCount)
  const notes = []
  for (let i = 0; i < noteCount; i++) {
    const folder = pick(folders)
    const cyrillic = chance(0.3)
    const topic = cyrillic ? pick(CYRILLIC_TOPICS) : pick(LATIN_TOPICS)
    // The index keeps names unique; NFC so the ids written in links match disk.
    const base = `${cyrillic ? 'заметка' : 'note'}-${pad(i)}-${topic}`.normalize('NFC')
    const id = `${folder}/${base}`
    const title = `${cyrillic ? 'Заметка' : 'Note'} ${pad(i)} ${topic.replaceAll('-', ' ')}`
    const sections = sample(SECTION_HEADINGS, int(3, 6))
    // Slugs exactly as github-slugger produces them, in document order (H1 first).
    const slugger = new GithubSlugger()
    slugger.slug(title)
    const slugs = sections.map((h) => slugger.slug(h))
    notes.push({index: i, folder, base, id, path: `${id}.md`, title, sections, slugs})
  }
  return {folders, notes}
}

// ---------------------------------------------------------------------------
// Writing one note. `Doc` collects lines and knows the current line number, so
// every recorded problem gets its exact position.

class Doc {
  constructor(notePath) {
    this.path = notePath
    this.lines = []
    this.problems = []
    this.byteCount = 0
  }
  get nextLine() {
    return this.lines.length + 1
  }
  push(...lines) {
    this.lines.push(...lines)
    for (const l of lines) this.byteCount += Buffer.byteLength(l) + 1
  }
  /** Record a problem on the line about to be pushed, at a 0-based string index. */
  problemAt(ruleId, lineNumber, index) {
    this.problems.push({path: this.path, line: lineNumber, column: index + 1, ruleId})
  }
  text() {
    return this.lines.join('\n') + '\n'
  }
  /** UTF-8 size so far (Cyrillic is 2 bytes a character), kept incrementally. */
  bytes() {
    return this.byteCount
  }
}

function words(count) {
  const pool = chance(0.35) ? CYRILLIC_WORDS : LATIN_WORDS
  const out = []
  for (let i = 0; i < count; i++) out.push(pick(pool))
  out[0] = out[0][0].toUpperCase() + out[0].slice(1)
  return out.join(' ')
}

const relativeMd = (from, to) => {
  const rel = path.posix.relative(path.posix.dirname(from.path), to.path)
  return rel
}

/** Valid links of every kind; each returns the link text. */
function validWikiLink(note, ctx) {
  const target = pick(ctx.notes)
  switch (int(0, 4)) {
    case 0:
      return `[[${target.id}]]`
    case 1:
      return `[[${target.id}|${words(2).toLowerCase()}]]`
    case 2:
      return `[[${target.id}#${pick(target.sections)}]]`
    case 3:
      return `[[#${pick(note.sections)}]]`
    default:
      return `![[${pick(ATTACHMENTS)}]]`
  }
}

function validMarkdownLink(note, ctx) {
  const siblings = ctx.byFolder.get(note.folder)
  if (chance(0.5) && siblings.length > 1) {
    // Same folder: `y.md#slug`.
    let target = pick(siblings)
    if (target === note) target = siblings.find((n) => n !== note)
    const i = int(0, target.sections.length - 1)
    return `[${words(2).toLowerCase()}](${target.base}.md#${target.slugs[i]})`
  }
  const target = pick(ctx.notes)
  return `[${words(2).toLowerCase()}](${relativeMd(note, target)})`
}

/** Broken links: each returns {text, ruleId}. Targets are guaranteed absent. */
const BROKEN = {
  wikiUnresolved: (note, _ctx) => ({
    text: `[[${note.folder}/no-such-note-${pad(note.index)}]]`,
    ruleId: 'link-unresolved'
  }),
  mdUnresolved: (note, _ctx) => ({
    text: `[${words(2).toLowerCase()}](../missing-${pad(note.index)}/gone.md)`,
    ruleId: 'link-unresolved'
  }),
  wikiAnchorUnresolved: (_note, ctx) => ({
    text: `[[${pick(ctx.notes).id}#No such heading]]`,
    ruleId: 'link-anchor-unresolved'
  }),
  mdAnchorUnresolved: (note, ctx) => ({
    text: `[${words(2).toLowerCase()}](${relativeMd(note, pick(ctx.notes))}#no-such-slug)`,
    ruleId: 'link-anchor-unresolved'
  }),
  selfAnchorUnresolved: () => ({
    text: `[[#Нет такого раздела]]`,
    ruleId: 'link-anchor-unresolved'
  })
}

/**
 * A paragraph (one line) with links woven between filler words. `links` are
 * {text, ruleId?}; a ruleId means "record this link as a problem".
 */
function paragraph(doc, links) {
  const line = doc.nextLine
  let text = words(int(8, 20))
  for (const link of links) {
    text += ' ' + pick(['see', 'также', 'cf.', 'см.', 'and']) + ' '
    if (link.ruleId) doc.problemAt(link.ruleId, line, text.length)
    text += link.text + ' ' + words(int(4, 14)).toLowerCase()
  }
  doc.push(text + '.', '')
}

function frontmatter(doc, note, problem) {
  const tags = sample(['kb', 'draft', 'review', 'ops', 'заметки', 'архитектура', 'встречи'], int(1, 3))
  const lines = ['---', `title: "${note.title}"`]
  if (problem === 'frontmatterSyntax') {
    // A block sequence item right after a mapping key is a YAML syntax error.
    lines.push('- stray list item')
  }
  if (problem !== 'frontmatterSchema') lines.push(`description: "${words(int(6, 12))}."`)
  lines.push(`tags: [${tags.join(', ')}]`, '---')
  if (problem === 'frontmatterSyntax') {
    // Position from the same YAML parser kb-lint uses; +1 for the opening `---`.
    const yamlText = lines.slice(1, -1).join('\n') + '\n'
    const errors = YAML.parseDocument(yamlText).errors
    if (errors.length === 0) throw new Error('frontmatter-syntax injection produced valid YAML')
    const {line, col} = errors[0].linePos[0]
    doc.problemAt('frontmatter-syntax', line + 1, col - 1)
  }
  if (problem === 'frontmatterSchema') doc.problemAt('frontmatter-schema', 1, 0)
  doc.push(...lines, '')
}

/** Fenced code with link-like text that a linter must ignore. */
function codeBlock(doc, note) {
  doc.push(
    '```bash',
    '# not a heading: a shell comment',
    `echo "[[${note.folder}/not-a-link-in-code]]"`,
    'curl "https://example.invalid/[x](missing-in-code.md)"',
    '```',
    ''
  )
}

function list(doc, note, ctx) {
  const items = int(3, 6)
  for (let i = 0; i < items; i++) {
    const link = chance(0.35) ? ' — ' + validWikiLink(note, ctx) : ''
    doc.push(`- ${words(int(4, 10))}${link}`)
  }
  doc.push('')
}

/**
 * A GFM table with 3 columns. Valid link cells escape the alias pipe
 * (`[[t\|alias]]`). Injected rows: one with a wrong cell count, one with an
 * unescaped `|` in a wiki link. The latter is written with one cell fewer so
 * that, as GFM splits it, its cell count still equals the header's: only
 * `table-pipe-in-link` applies to it, not `table-column-count` as well.
 */
function table(doc, _note, ctx, problems) {
  doc.push('| Item | Owner | Link |', '| --- | --- | --- |')
  const rows = int(3, 8)
  const badCountRow = problems.has('tableColumnCount') ? int(0, rows - 1) : -1
  let pipeRow = problems.has('tablePipeInLink') ? int(0, rows - 1) : -1
  if (pipeRow === badCountRow) pipeRow = -1
  if (problems.has('tablePipeInLink') && pipeRow === -1) pipeRow = (badCountRow + 1) % rows
  for (let r = 0; r < rows; r++) {
    const line = doc.nextLine
    const item = words(int(1, 3))
    const owner = pick(['@anna', '@boris', '@ольга', '@пётр', 'team-infra'])
    const target = pick(ctx.notes)
    const alias = words(1).toLowerCase()
    if (r === badCountRow) {
      doc.problemAt('table-column-count', line, 0)
      const row = chance(0.5) ? `| ${item} | ${owner} |` : `| ${item} | ${owner} | [[${target.id}]] | extra |`
      doc.push(row)
    } else if (r === pipeRow) {
      const prefix = `| ${item} | `
      doc.problemAt('table-pipe-in-link', line, prefix.length)
      doc.push(`${prefix}[[${target.id}|${alias}]] |`)
    } else if (chance(0.6)) {
      doc.push(`| ${item} | ${owner} | [[${target.id}\\|${alias}]] |`)
    } else {
      doc.push(`| ${item} | ${owner} | \`${words(1).toLowerCase()}\` |`)
    }
  }
  doc.push('')
}

function chooseProblems() {
  const p = new Set()
  for (const key of ['wikiUnresolved', 'mdUnresolved', 'wikiAnchorUnresolved', 'mdAnchorUnresolved', 'selfAnchorUnresolved']) {
    if (chance(RATE[key])) p.add(key)
  }
  // At most one frontmatter problem per note: they exclude each other.
  const r = rand()
  if (r < RATE.frontmatterMissing) p.add('frontmatterMissing')
  else if (r < RATE.frontmatterMissing + RATE.frontmatterSyntax) p.add('frontmatterSyntax')
  else if (r < RATE.frontmatterMissing + RATE.frontmatterSyntax + RATE.frontmatterSchema) p.add('frontmatterSchema')
  const hasTable = chance(RATE.table)
  if (hasTable) {
    p.add('table')
    if (chance(RATE.tableColumnCount)) p.add('tableColumnCount')
    if (chance(RATE.tablePipeInLink)) p.add('tablePipeInLink')
  }
  return p
}

function writeNote(note, ctx) {
  const doc = new Doc(note.path)
  const problems = chooseProblems()
  const targetBytes = int(3000, 9200)

  const fmProblem = ['frontmatterMissing', 'frontmatterSyntax', 'frontmatterSchema'].find((k) => problems.has(k))
  if (fmProblem === 'frontmatterMissing') doc.problemAt('frontmatter-missing', 1, 0)
  else frontmatter(doc, note, fmProblem)

  doc.push(`# ${note.title}`, '')
  paragraph(doc, [])

  // ~9 wiki links and 3 Markdown links per note, spread over the sections;
  // broken ones are mixed in at random positions.
  const links = []
  const wikiCount = int(7, 9) // lists and tables add about 1.5 more on average
  for (let i = 0; i < wikiCount; i++) links.push({text: validWikiLink(note, ctx)})
  for (let i = 0; i < 3; i++) links.push({text: validMarkdownLink(note, ctx)})
  for (const key of Object.keys(BROKEN)) {
    if (problems.has(key)) links.splice(int(0, links.length), 0, BROKEN[key](note, ctx))
  }

  const perSection = Math.ceil(links.length / note.sections.length)
  note.sections.forEach((heading, s) => {
    doc.push(`## ${heading}`, '')
    paragraph(doc, links.splice(0, perSection))
    if (s === 0) {
      doc.push(`Inline code is not a link: \`[[${note.folder}/inline-code]]\` or \`[x](nope.md)\`.`, '')
      doc.push(`<!-- TODO: link [[${note.folder}/in-html-comment]] and [y](comment.md) -->`, '')
    }
    if (s === 1) list(doc, note, ctx)
    if (s === 2) codeBlock(doc, note)
    if (s === 1 && problems.has('table')) table(doc, note, ctx, problems)
  })

  // Pad with plain paragraphs to the target size (sizes vary per note).
  while (doc.bytes() < targetBytes) paragraph(doc, [])
  return doc
}

// ---------------------------------------------------------------------------

function main() {
  const {values} = parseArgs({
    options: {
      notes: {type: 'string', default: '1000'},
      seed: {type: 'string', default: '1'},
      out: {type: 'string'},
      force: {type: 'boolean', default: false}
    }
  })
  const noteCount = Number(values.notes)
  const seed = Number(values.seed)
  if (!Number.isInteger(noteCount) || noteCount < 10) throw new Error('--notes must be an integer >= 10')
  const out = path.resolve(values.out ?? `bench/.data/kb-${noteCount}`)
  if (existsSync(out)) {
    if (!values.force && existsSync(path.join(out, 'ground-truth.json'))) {
      console.log(`${out} exists (use --force to regenerate)`)
      return
    }
    rmSync(out, {recursive: true, force: true})
  }

  rand = mulberry32(seed)
  const {notes} = planNotes(noteCount)
  const byFolder = new Map()
  for (const n of notes) {
    if (!byFolder.has(n.folder)) byFolder.set(n.folder, [])
    byFolder.get(n.folder).push(n)
  }
  const ctx = {notes, byFolder}

  mkdirSync(path.join(out, 'img'), {recursive: true})
  for (const a of ATTACHMENTS) writeFileSync(path.join(out, a), PNG_1X1)

  writeFileSync(path.join(out, 'kb-lint.config.json'), JSON.stringify({links: {resolution: 'obsidian'}}, null, 2) + '\n')

  const truth = []
  let bytes = 0
  for (const note of notes) {
    const doc = writeNote(note, ctx)
    const text = doc.text()
    mkdirSync(path.join(out, note.folder), {recursive: true})
    writeFileSync(path.join(out, note.path), text)
    bytes += Buffer.byteLength(text)
    truth.push(...doc.problems)
  }

  truth.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column))
  // Written last: its presence marks a complete base (run.js relies on that).
  writeFileSync(path.join(out, 'ground-truth.json'), JSON.stringify(truth, null, 1) + '\n')

  const counts = {}
  for (const t of truth) counts[t.ruleId] = (counts[t.ruleId] ?? 0) + 1
  console.log(`wrote ${noteCount} notes, ${(bytes / 1e6).toFixed(1)} MB (avg ${(bytes / noteCount / 1000).toFixed(1)} KB) to ${out}`)
  console.log(`ground truth: ${truth.length} problems`, counts)
}

main()
