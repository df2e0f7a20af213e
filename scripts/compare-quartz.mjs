#!/usr/bin/env node
/**
 * Compare kb-lint's link verdicts with Quartz's own link code, link by link.
 *
 *   node scripts/compare-quartz.mjs ORACLE [--base DIR [--config FILE]] [--keep]
 *   node scripts/compare-quartz.mjs --write DIR    (only write the generated base)
 *
 * ORACLE is a runnable copy of Quartz's `transformLink` (`quartz-links.mjs`:
 * reads JSON lines `{source, target}`, prints each with `href`, `slug`,
 * `anchor`, `exists`). The project does not ship it, so its path is an
 * argument. Without `--base`, a base holding every link shape kb-lint's
 * fixtures use is generated in a temporary folder (kept with `--keep`);
 * with `--base DIR`, the links of an existing base are compared (`--config
 * FILE`: a kb-lint config for it, e.g. `links.aliasFirst`; its rules are kept).
 *
 * For each of `shortest` and `absolute`, kb-lint (the built `dist/`, run
 * `npm run build` first) lints the base in that mode and Quartz resolves
 * every wiki link, embed and Markdown link of it. A link agrees when both
 * say it works and land on the same page — and, with a `#heading`, both find
 * the heading (Quartz: the fragment's github-slugger slug is an id of the
 * page's headings, slugged from their rendered text) — or both say it is
 * broken (kb-lint: any `link-*` finding on it). A wiki link Quartz's own pattern
 * does not read as a link (`[[a#B#C]]`, an alias with `#`) is broken on the site. Aliases, `#^block` anchors and
 * same-note anchors are left out: the oracle does not model them. Links
 * between NFC and NFD spellings of a name are listed apart: kb-lint matches
 * them on purpose (git on macOS commits NFC file names). Exit 1 when anything
 * else disagrees.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import GithubSlugger from 'github-slugger'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const {lint} = await import(path.join(projectRoot, 'dist', 'index.js'))

const args = process.argv.slice(2)
const oracle = args.find((arg, index) => !arg.startsWith('--') && !['--base', '--config', '--write'].includes(args[index - 1]))
const baseIndex = args.indexOf('--base')
const givenBase = baseIndex === -1 ? undefined : args[baseIndex + 1]
const keep = args.includes('--keep')
const configIndex = args.indexOf('--config')
/** A config for the base (e.g. `links.aliasFirst`); the mode is set per run. */
const baseConfig = configIndex === -1 ? {} : JSON.parse(fs.readFileSync(args[configIndex + 1], 'utf8'))
if (!args.includes('--write') && (!oracle || !fs.existsSync(oracle) || (baseIndex !== -1 && !givenBase))) {
  process.stderr.write('usage: node scripts/compare-quartz.mjs path/to/quartz-links.mjs [--base DIR [--config FILE]] [--keep]\n')
  process.exit(2)
}

// --- The generated base ----------------------------------------------------

/**
 * Notes with their headings: `text` as written, `shown` as the published
 * page shows it (what Quartz slugs), so heading ids are computed here without
 * kb-lint.
 */
const notes = {
  'index.md': [],
  'b.md': [
    {text: 'Two Words'},
    {text: 'About [[c|bar]]', shown: 'About bar'},
    {text: 'Repeated'},
    {text: 'Repeated'},
    {text: 'C++ and `code`', shown: 'C++ and code'}
  ],
  'c.md': [],
  'dup.md': [],
  'docker/dup.md': [],
  'docker/index.md': [],
  'docker/how-to/install.md': [{text: 'Шаги'}, {text: 'Two Words'}, {text: 'About [[b]]', shown: 'About b'}],
  'docker/explanation/architecture.md': [{text: 'Компоненты'}],
  'Import notes/csv.md': [],
  'Getting started/Import notes.md': [{text: 'Steps'}],
  'Docker Notes/Mixed Case.md': [],
  'sub/deep/leaf.md': [],
  'Q&A.md': [{text: 'What & why?'}],
  'a b.md': [],
  // A file name in NFD, as macOS writes it (`й` as `и` + combining breve).
  ['заметки/йод.md'.normalize('NFD')]: []
}
const attachments = ['img/схема.png', 'docs/manual.pdf', 'sub/file with spaces.png']

/** Link targets as written (wiki: the part before `|`), tried from every source note. */
const wikiTargets = [
  'install',
  'install#Шаги',
  'install#шаги',
  'install#Two Words',
  'install#two-words',
  'install#About b',
  'install#about-b',
  'install#Нет',
  'docker/how-to/install',
  'docker/how-to/install.md',
  '/docker/how-to/install',
  './install',
  '../explanation/architecture',
  '../../index',
  '../how-to/install',
  'how-to/install',
  'Install',
  'docker/How-To/install',
  'INSTALL.md',
  'architecture',
  'architecture#Компоненты',
  'Import notes',
  'Import notes#Steps',
  'Import notes#No such heading',
  'Import notes/',
  'Import notes/csv',
  'csv',
  'docker/',
  'docker',
  'docker/index',
  'index',
  'b',
  'b#Two Words',
  'b#About bar',
  'b#about-bar',
  'b#About [[c',
  'b#Repeated',
  'b#repeated-1',
  'b#C++ and code',
  'b#c-and-code',
  'Mixed Case',
  'mixed case',
  'Docker Notes/Mixed Case',
  'dup',
  'docker/dup',
  'nope',
  'docker/nope',
  'leaf',
  'deep/leaf',
  'sub/deep/leaf',
  'sub/deep/',
  'схема.png',
  'img/схема.png',
  'Схема.png',
  'manual.pdf',
  'file with spaces.png',
  'sub/file with spaces.png',
  'a/../b',
  './b',
  './../b',
  'Two%20Words',
  'Q&A',
  'q&a',
  'Q&A#What & why?',
  'a b',
  'a%20b',
  'a-b',
  'йод',
  'йод'.normalize('NFD'),
  'заметки/йод',
  // Outside Quartz's wiki-link pattern (a heading path, `\`), and `##` inside it.
  'install#Шаги#Two Words',
  'b#Two Words#Repeated',
  'install##Шаги',
  'docker\\how-to'
]
const embedTargets = ['схема.png', 'img/схема.png', 'b', 'b#Two Words', 'b#Two Words#Repeated']
/** Markdown destinations as written (inside `(…)`); `<…>` is kept for the note, stripped for the oracle. */
const markdownTargets = [
  'install.md',
  './install.md',
  '../explanation/architecture.md',
  '/docker/how-to/install.md',
  'docker/how-to/install.md',
  'b.md#Two%20Words',
  '<b.md#Two Words>',
  'b.md#two-words',
  'b.md#about-bar',
  'b.md#About%20bar',
  'b.md#nope',
  'Getting%20started/Import%20notes.md',
  '<Getting started/Import notes.md>',
  'Import%20notes.md',
  'Import%20notes.md#Steps',
  'Import%20notes/',
  '../../img/схема.png',
  'img/схема.png',
  'img/%D1%81%D1%85%D0%B5%D0%BC%D0%B0.png',
  'Install.md',
  'docker/',
  'install',
  'b',
  '../b.md',
  '../../b.md',
  'sub/file%20with%20spaces.png',
  '<sub/file with spaces.png>',
  'docs/manual.pdf#page=2',
  'Q%26A.md',
  'Q&A.md#what--why',
  'a%20b.md',
  '<a b.md>',
  '%D0%B9%D0%BE%D0%B4.md'
]
const sources = ['index.md', 'docker/how-to/src.md', 'sub/src.md']

function generateBase(dir) {
  const write = (file, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), {recursive: true})
    fs.writeFileSync(path.join(dir, file), text)
  }
  for (const [file, headings] of Object.entries(notes)) {
    write(file, headings.map((heading) => `## ${heading.text}\n\ntext\n`).join('\n'))
  }
  for (const file of attachments) write(file, 'binary')
  for (const source of sources) {
    const lines = [
      ...wikiTargets.map((target) => `[[${target}]]`),
      // Aliases: Quartz's pattern takes none with `#`.
      '[[b|an alias]]',
      '[[b|C# notes]]',
      '[[b#Two Words|alias]]',
      ...embedTargets.map((target) => `![[${target}]]`),
      ...markdownTargets.map((target) => `[t](${target})`)
    ]
    const existing = notes[source] ?? []
    write(source, [...existing.map((heading) => `## ${heading.text}\n`), ...lines.map((line) => line + '\n')].join('\n'))
  }
}

// --- Comparing ---------------------------------------------------------------

/** Heading ids of each published page, from the headings' shown text (generated base) or kb-lint's summary. */
function headingIds(result) {
  const ids = new Map()
  for (const note of result.base.notes) {
    const declared = givenBase ? undefined : notes[note.path]
    const slugger = new GithubSlugger()
    const shown = declared ? declared.map((heading) => heading.shown ?? heading.text) : undefined
    ids.set(
      pageOf({kind: 'note', id: note.id}),
      new Set(shown ? shown.map((text) => slugger.slug(text)) : note.headings.map((heading) => heading.slug))
    )
  }
  return ids
}

/** A Quartz page slug for what kb-lint resolved to (`x/index` is the folder page `x`). */
function pageOf(resolution) {
  let slug = resolution.kind === 'note' ? quartzSlug(resolution.id + '.md') : quartzSlug(resolution.id)
  if (slug === 'index') slug = ''
  return slug.replace(/\/index$/, '')
}

function quartzSlug(filePath) {
  const extension = /\.[A-Za-z0-9]+$/.exec(filePath)?.[0]
  const bare = extension === undefined ? filePath : filePath.slice(0, -extension.length)
  const keep = extension === undefined || extension === '.md' || extension === '.html' ? '' : extension
  return (
    bare
      .split('/')
      .map((segment) => segment.replace(/\s/g, '-').replace(/&/g, '-and-').replace(/%/g, '-percent').replace(/\?/g, '').replace(/#/g, ''))
      .join('/') + keep
  )
}

/**
 * The target as Quartz receives it, from the source text: a wiki link's
 * target and `#anchor` (after kb-lint's dialect, e.g. Dendron's label-first
 * form), or a Markdown destination without `<…>` (spaces encoded, as
 * remark-rehype writes the href).
 */
function oracleTarget(reference) {
  const raw = reference.raw
  const start = reference.position.start.offset
  const slice = (span) => raw.slice(span.start.offset - start, span.end.offset - start)
  if (reference.kind === 'markdown') {
    const destination = /(?:\]\(|\]:)\s*(<[^>]*>|[^\s)]*)/.exec(raw)?.[1] ?? ''
    return destination.startsWith('<') ? destination.slice(1, -1).replace(/ /g, '%20') : destination
  }
  const target = reference.targetPosition ? slice(reference.targetPosition) : reference.target
  const anchor = reference.anchorPosition ? slice(reference.anchorPosition) : reference.anchor
  // Quartz turns a wiki link into a Markdown link whose URL remark-rehype
  // normalises (micromark's `normalizeUri`) before `transformLink` decodes
  // it: a `%` that starts no escape is written `%25` (`100% sure` works).
  return (target + (anchor === undefined ? '' : '#' + anchor)).replace(/%(?![0-9A-Fa-f]{2})/g, '%25')
}

/**
 * Quartz 4.5's wiki-link pattern (`wikilinkRegex`, quartz/plugins/transformers/ofm.ts),
 * anchored to one link. The oracle models `transformLink` only; text this pattern does
 * not match never reaches it on a real site: the page shows it as written.
 */
const QUARTZ_WIKILINK = /^!?\[\[([^[\]|#\\]+)?(#+[^[\]|#\\]+)?(\\?\|[^[\]#]+)?\]\]$/

async function compare(root, mode) {
  const result = await lint({
    root,
    cwd: root,
    config: {
      ...baseConfig,
      links: {...baseConfig.links, resolution: mode},
      rules: {'frontmatter-missing': 'off', 'frontmatter-schema': 'off'}
    }
  })
  const linkFindings = new Map()
  for (const entry of result.findings) {
    for (const finding of entry.findings) {
      if (!finding.ruleId.startsWith('link-')) continue
      const key = `${entry.relative}:${finding.place.start.line}:${finding.place.start.column}`
      linkFindings.set(key, [...(linkFindings.get(key) ?? []), finding.ruleId])
    }
  }
  const ids = headingIds(result)
  const links = []
  for (const {from, reference, resolution} of result.references) {
    if (reference.kind === 'frontmatter' || reference.target === '') continue
    const anchor = reference.anchor
    if (anchor?.startsWith('^')) continue
    const aliasOnly =
      resolution.status === 'resolved' &&
      resolution.kind === 'note' &&
      (result.base.byId.get(resolution.id)?.aliases ?? []).includes(reference.target)
    if (aliasOnly) continue
    const key = `${from.path}:${reference.position.start.line}:${reference.position.start.column}`
    links.push({source: from.path, target: oracleTarget(reference), reference, resolution, findings: linkFindings.get(key) ?? []})
  }
  const run = spawnSync(process.execPath, [oracle, root, mode], {
    input: links.map(({source, target}) => JSON.stringify({source, target})).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 1 << 28
  })
  if (run.status !== 0) throw new Error(`the oracle failed: ${run.stderr}`)
  const answers = run.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
  const disagreements = []
  const deliberate = []
  links.forEach((link, index) => {
    const quartz = answers[index]
    const pageIds = ids.get(quartz.slug.normalize('NFC'))
    const isPdf = /\.pdf$/i.test(quartz.slug)
    const quartzAnchorOk = quartz.anchor === '' || isPdf || (pageIds?.has(quartz.anchor.slice(1)) ?? false)
    const quartzLinks = link.reference.kind === 'markdown' || QUARTZ_WIKILINK.test(link.reference.raw)
    const quartzWorks = quartzLinks && quartz.exists && quartzAnchorOk
    const kbResolves = link.resolution.status === 'resolved' && !link.findings.some((rule) => rule !== 'link-anchor-unresolved')
    const kbWorks = kbResolves && !link.findings.includes('link-anchor-unresolved')
    let why
    if (quartzWorks !== kbWorks)
      why = `Quartz: ${quartzWorks ? 'works' : !quartzLinks ? 'not a link' : quartz.exists ? `no heading ${quartz.anchor}` : 'broken'}; kb-lint: ${kbWorks ? 'works' : link.findings.join(', ') || link.resolution.status}`
    // kb-lint's ids are NFC by design (the verdict above already tells NFC from NFD).
    else if (quartzWorks && kbResolves && pageOf(link.resolution) !== quartz.slug.normalize('NFC'))
      why = `lands on \`${quartz.slug}\` in Quartz, \`${pageOf(link.resolution)}\` in kb-lint`
    if (!why) return
    const line = `${mode}  ${link.source}: ${link.reference.raw}  ${why}`
    // kb-lint matches NFD file names with NFC links on purpose (README, "What is a note"): git on
    // macOS commits file names in NFC, so the site's build sees what the writer typed.
    const diskPath = link.resolution.kind === 'note' ? result.base.byId.get(link.resolution.id)?.path : undefined
    const nfd = (text) => text !== undefined && text !== text.normalize('NFC')
    if (nfd(diskPath) || nfd(link.target) || nfd(quartz.slug)) deliberate.push(line)
    else disagreements.push(line)
  })
  return {links: links.length, disagreements, deliberate}
}

const writeIndex = args.indexOf('--write')
if (writeIndex !== -1) {
  // `--write DIR`: only write the generated base (the fixtures
  // `fixtures/rules/link-unresolved/invalid-quartz-shapes-*` are made this way).
  generateBase(path.resolve(args[writeIndex + 1]))
  process.exit(0)
}

const root = givenBase ? path.resolve(givenBase) : fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-quartz-'))
try {
  if (!givenBase) generateBase(root)
  let total = 0
  let links = 0
  for (const mode of ['shortest', 'absolute']) {
    const outcome = await compare(root, mode)
    links += outcome.links
    total += outcome.disagreements.length
    for (const line of outcome.disagreements) process.stdout.write(line + '\n')
    for (const line of outcome.deliberate) process.stdout.write(`${line}  (deliberate: NFC/NFD)\n`)
    process.stdout.write(
      `${mode}: ${outcome.links} links, ${outcome.disagreements.length} disagreements, ${outcome.deliberate.length} deliberate NFC/NFD differences\n`
    )
  }
  process.stdout.write(`${links} links compared, ${total} disagreements${keep && !givenBase ? ` (base kept in ${root})` : ''}\n`)
  process.exitCode = total === 0 ? 0 : 1
} finally {
  if (!givenBase && !keep) fs.rmSync(root, {recursive: true, force: true})
}
