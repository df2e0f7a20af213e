/**
 * The fast parser against the reference (remark): on every fixture, on
 * generated bases of bench/generate.js with several seeds, and on fast-check
 * documents, both parsers give the same note summary (with every file rule
 * on, so findings and their positions are compared too). A bounded run here
 * (one generated base, 300 documents);
 * test/e2e/fast-parser-differential.test.ts runs two bases of 1,000 notes
 * and 100,000 documents.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import {visit} from 'unist-util-visit'
import {afterAll, describe, expect, it} from 'vitest'
import {analyzeNote} from '../src/engine/analyze.js'
import {compareParsers, ALL_FILE_RULES} from '../src/syntax/fast/compare.js'
import {tryParseFast} from '../src/syntax/fast/index.js'
import {isJsSpace} from '../src/syntax/white-space.js'
import {assertSameSummaries} from './fast-parser-documents.js'

const repo = path.resolve(import.meta.dirname, '..')

function* markdownFiles(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, {withFileTypes: true})) {
    const full = path.join(directory, entry.name)
    if (entry.isDirectory()) yield* markdownFiles(full)
    else if (entry.isFile() && entry.name.endsWith('.md')) yield full
  }
}

/** Compare every note under `folder`; returns how many the fast parser read itself. */
function compareFolder(folder: string): {notes: number; fast: number} {
  let notes = 0
  let fast = 0
  for (const file of markdownFiles(folder)) {
    const result = compareParsers(readFileSync(file), path.relative(folder, file))
    expect(result.difference, file).toBeUndefined()
    notes++
    if (result.fast) fast++
  }
  return {notes, fast}
}

const temporary: string[] = []
afterAll(() => {
  for (const folder of temporary) rmSync(folder, {recursive: true, force: true})
})

describe('fast parser: same summary as the reference', () => {
  it('on every fixture', () => {
    const {notes, fast} = compareFolder(path.join(repo, 'fixtures'))
    expect(notes).toBeGreaterThan(100)
    // Most fixtures are plain enough for the fast parser (the rest fall back).
    expect(fast / notes).toBeGreaterThan(0.7)
  })

  it('on real knowledge bases (fixtures/corpora: Quartz, Foam and Dendron docs), most of them read by the fast parser', () => {
    const {notes, fast} = compareFolder(path.join(repo, 'fixtures/corpora'))
    expect(notes).toBe(242) // 241 notes and the folder's README
    // 85 at 2e6b71d, before HTML, autolinks, definitions, code in list
    // items, link text with code, destinations with parentheses, math, tabs
    // and any block in a quote were read; a drop means real notes take the
    // slower path again.
    expect(fast).toBeGreaterThanOrEqual(216)
  })

  it('on a generated base (bench/generate.js)', () => {
    for (const seed of [1]) {
      const folder = mkdtempSync(path.join(tmpdir(), 'kb-lint-fast-'))
      temporary.push(folder)
      execFileSync(process.execPath, [path.join(repo, 'bench/generate.js'), '--notes', '60', '--seed', String(seed), '--out', folder], {
        stdio: 'ignore'
      })
      const {notes, fast} = compareFolder(folder)
      expect(notes).toBe(60)
      // The generator writes only constructs the fast parser reads.
      expect(fast).toBe(notes)
    }
  }, 120_000)

  it('on fast-check documents of the constructs that matter', () => {
    const runs = 300
    const fast = assertSameSummaries(runs)
    // The documents are meant to be hard: still, a share (over 3 %) is read fast.
    expect(fast / runs).toBeGreaterThan(0.03)
  }, 120_000)
})

describe('fast parser: falls back where it is not sure', () => {
  const reasonFor = (text: string) => tryParseFast(text).reason

  it('reads plain notes itself', () => {
    expect(
      reasonFor(
        '---\ntitle: T\n---\n\n# H\n\nText [[a|b]] and [t](x.md).\n\n- one\n  - two\n\n> [!note] A callout\n> with [[c]]\n\n| a | b |\n| - | - |\n| [[x\\|y]] | z |\n'
      )
    ).toBeUndefined()
  })

  it.each([
    ['a lazy line after nested block quotes', '> > [[a]]\nlazy\n'],
    ['lazy lines in block quotes', '> [[a]]\nlazy\n'],
    ['a definition over two lines', '[x]:\n  a.md\n\n[x]\n'],
    ['a definition with its title on the next line', '[x]: a.md\n  "T"\n'],
    ['setext headings', 'Title\n---\n'],
    ['indented code', '    [[a]]\n'],
    ['HTML in a list item', '- a\n\n  <div>\n  [[a]]\n  </div>\n'],
    ['HTML declarations', '<!DOCTYPE html>\n'],
    ['a list item that starts with an HTML tag alone', '- <a href="x.md">\n'],
    ['Obsidian comments', 'a %%[[b]]%%\n'],
    ['a math block', '$$\n[[b]]\n$$\n'],
    ['math in a heading', '# a $x$\n'],
    ['math in link text', '[a $b](c.md) $\n'],
    ['a definition with an escape in its label', '- [x\\]]: a.md\n'],
    ['footnotes', 'a[^1]\n\n[^1]: b\n'],
    ['emphasis in headings', '# a *b*\n']
  ])('%s', (_, text) => {
    expect(reasonFor(text)).toBeDefined()
  })

  it('reads a dollar in code, a `]:` that defines nothing, text after `**`, `-` or `1.`, HTML and autolinks itself', () => {
    const note = [
      '```sh',
      '$ echo $HOME',
      '[x]: y',
      '```',
      '',
      '**Bold** start, `$x$` and [[a]]: b, $[[not-a-link]]$',
      '',
      '- **Term**: [[c]]',
      '-x and 1.5',
      '',
      '<div class="note">',
      '[[in-html]]',
      '</div>',
      '',
      '<pre>',
      '',
      '[[in-pre]]',
      '</pre>',
      'After [[d]], <https://example.com/x> and <kbd>Ctrl</kbd>.',
      '<span>[[e]]</span> goes on the paragraph.',
      '',
      '- <https://example.com/y>',
      ''
    ].join('\n')
    const result = tryParseFast(note)
    expect(result.reason).toBeUndefined()
    const targets: string[] = []
    const html: string[] = []
    visit(result.tree!, (node) => {
      if (node.type === 'wikiLink') targets.push((node as unknown as {target: string}).target)
      if (node.type === 'html') html.push(node.value)
    })
    expect(targets).toEqual(['a', 'c', 'd', 'e'])
    expect(html).toEqual(['<div class="note">\n[[in-html]]\n</div>', '<pre>\n\n[[in-pre]]\n</pre>', '<kbd>', '</kbd>', '<span>', '</span>'])
    expect(compareParsers(Buffer.from(note)).difference).toBeUndefined()
  })

  it('reads definitions on one line, and a [label] that one of them defines, even further up', () => {
    const note = '[Guide] and [other].\n\n- [guide]: docs/guide.md "The guide"\n'
    const result = tryParseFast(note)
    expect(result.reason).toBeUndefined()
    const kinds: string[] = []
    visit(result.tree!, (node) => {
      kinds.push(node.type)
    })
    expect(kinds).toEqual(['root', 'paragraph', 'linkReference', 'text', 'text', 'list', 'listItem', 'definition'])
    expect(compareParsers(Buffer.from(note)).difference).toBeUndefined()
  })

  it('reads lists nested with tabs (a tab advances to the next multiple of 4), as Obsidian writes them', () => {
    const note = '- a [[x]]\n\t- b [[y]]\n\t\t- c\n\t  more of b\n- d\n'
    const result = tryParseFast(note)
    expect(result.reason).toBeUndefined()
    const depths: number[] = []
    const walk = (node: {type: string; children?: unknown[]}, depth: number): void => {
      if (node.type === 'listItem') depths.push(depth)
      for (const child of node.children ?? []) walk(child as typeof node, node.type === 'list' ? depth + 1 : depth)
    }
    walk(result.tree!, 0)
    expect(depths).toEqual([1, 2, 3, 1])
    expect(compareParsers(Buffer.from(note)).difference).toBeUndefined()
    expect(tryParseFast('\tindented code\n').reason).toBe('indented code')
  })

  it('reads any block inside a block quote (an Obsidian callout with a list, code, a quote in it)', () => {
    const note = '> [!tip] Steps\n> - run [[a]]\n>   ```sh\n>   $ make\n>   ```\n> - read [[b]]\n>\n> > [[c]] quoted again\n'
    const result = tryParseFast(note)
    expect(result.reason).toBeUndefined()
    const kinds: string[] = []
    visit(result.tree!, (node) => {
      if (node.type !== 'text') kinds.push(node.type)
    })
    expect(kinds).toEqual([
      'root',
      'blockquote',
      'paragraph',
      'list',
      'listItem',
      'paragraph',
      'wikiLink',
      'code',
      'listItem',
      'paragraph',
      'wikiLink',
      'blockquote',
      'paragraph',
      'wikiLink'
    ])
    expect(compareParsers(Buffer.from(note)).difference).toBeUndefined()
  })

  it('counts each fallback once per note', () => {
    const reasons: string[] = []
    analyzeNote({
      relative: 'n.md',
      bytes: Buffer.from('<!DOCTYPE html>\nx\n'),
      config: ALL_FILE_RULES,
      parser: 'fast',
      onFallback: (reason) => reasons.push(reason)
    })
    analyzeNote({
      relative: 'n.md',
      bytes: Buffer.from('plain\n'),
      config: ALL_FILE_RULES,
      parser: 'fast',
      onFallback: (reason) => reasons.push(reason)
    })
    expect(reasons).toEqual(['an HTML declaration, instruction or CDATA block'])
  })
})

describe('white space by character code', () => {
  it('is exactly what /\\s/ matches, for every UTF-16 code unit', () => {
    const differ: number[] = []
    for (let code = 0; code <= 0xffff; code++) if (isJsSpace(code) !== /\s/.test(String.fromCharCode(code))) differ.push(code)
    expect(differ).toEqual([])
    expect(isJsSpace(Number.NaN)).toBe(false)
  })

  it('trims wiki-link parts at every kind of white space, as the reference does', () => {
    for (const space of ['\u00a0', '\u2003', '\u3000', '\ufeff', '\u1680']) {
      const note = `# T\n\nSee [[${space}a/b${space}#${space}Раздел${space}|${space}Алиас${space}]].\n`
      // Read by the fast parser itself (no fallback), with the reference's summary.
      expect(compareParsers(Buffer.from(note))).toEqual({fast: true, reason: undefined})
    }
  })
})

describe('word count scan', () => {
  it('counts what the word regex matches', async () => {
    const {countWords} = await import('../src/kb/extract.js')
    const regex = (text: string) => text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0
    const piece = fc.constantFrom('a', 'Z', '9', 'ё', 'é', '𝔘', '😀', "'", '’', '-', ' ', '_', '\ud835', '٣', 'ß', '\n')
    fc.assert(
      fc.property(
        fc.array(piece, {maxLength: 30}).map((parts) => parts.join('')),
        (text) => countWords(text) === regex(text)
      ),
      {numRuns: 2000}
    )
  })
})

describe('--parser on the command line', () => {
  const cli = path.join(repo, 'dist', 'cli.js')
  const run = (args: string[], cwd: string) =>
    spawnSync(process.execPath, [cli, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})

  it('gives the same report with either parser and counts fallbacks with --debug', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'kb-lint-parser-'))
    temporary.push(folder)
    writeFileSync(path.join(folder, 'a.md'), '# A\n\nSee [[b#Nope]] and [[missing]].\n\n| x | y |\n| - | - |\n| [[b|c]] | 1 |\n')
    writeFileSync(
      path.join(folder, 'b.md'),
      '# B\n\nAn Obsidian comment %%like this%% hands this note to remark.\n\n<div>\n\nAfter a blank line, not HTML: [[a#Nope]].\n\n</div>\n'
    )
    const fast = run(['check', '.', '--no-cache', '--format', 'json', '--debug'], folder)
    const remark = run(['check', '.', '--no-cache', '--format', 'json', '--parser', 'remark'], folder)
    expect(fast.status).toBe(1)
    expect(fast.stdout).toBe(remark.stdout)
    expect(
      JSON.parse(fast.stdout)
        .flatMap((file: {messages: Array<{ruleId: string}>}) => file.messages.map((message) => message.ruleId))
        .sort()
    ).toEqual([
      'frontmatter-missing',
      'frontmatter-missing',
      'link-anchor-unresolved',
      'link-anchor-unresolved',
      'link-unresolved',
      'table-pipe-in-link'
    ])
    expect(fast.stderr).toContain('2 parsed (0 workers; 1 by the reference parser after the fast one fell back)')
  })

  it('refuses an unknown parser with one line and exit 2', () => {
    const result = run(['check', '.', '--parser', 'markdown-it'], repo)
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toEqual(['kb-lint: --parser must be one of fast, remark, not `markdown-it`'])
  })
})
