/**
 * `parseMarkdown` leaves out the GFM table and footnote extensions, math and
 * Obsidian comments for notes that cannot trigger them (no delimiter row
 * with a pipe, no `[^`, no `$`, no `%%`). That is
 * only a speed-up if the tree is always the one the full processor makes.
 */
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {parseMarkdown, parseMarkdownWithAllExtensions} from '../src/syntax/processor.js'
import {projectRoot} from './fixtures.js'
import {propertyRuns} from './property-runs.js'

function markdownFiles(folder: string): string[] {
  const found: string[] = []
  for (const entry of fs.readdirSync(folder, {withFileTypes: true})) {
    const file = path.join(folder, entry.name)
    if (entry.isDirectory()) found.push(...markdownFiles(file))
    else if (entry.isFile() && /\.(md|txt)$/.test(entry.name)) found.push(file)
  }
  return found
}

const same = (text: string) => expect(JSON.stringify(parseMarkdown(text))).toBe(JSON.stringify(parseMarkdownWithAllExtensions(text)))

describe('parsing with only the extensions a note can trigger', () => {
  it('gives the full processor’s tree for every fixture and the GFM table spec', () => {
    const files = markdownFiles(path.join(projectRoot, 'fixtures'))
    expect(files.length).toBeGreaterThan(100)
    for (const file of files) same(fs.readFileSync(file, 'utf8'))
  })

  it('gives the same tree for the edge cases of the pipe test', () => {
    for (const text of [
      '| a |\n-',
      'a |\n--- |',
      '| a\n| ---',
      'a\n-|',
      '|a|\n|:-:|',
      'a | b\n:--: | --:',
      '> | a | b |\n> |---|---|',
      '- | a | b |\n  |---|---|',
      '|\ta\t|\n|\t-\t|',
      'a\n\n[^1]\n\n[^1]: note with [[link]]',
      '[^x]: only a definition',
      'x [^] y',
      '[x][^y]\n\n[^y]: z',
      'a $x$ b',
      '$$\nx\n$$',
      'a %%b%% c',
      '%%\n[[x]]\n\n%%',
      '% a %',
      '$ %% $ %%'
    ]) {
      same(text)
    }
  })

  it('gives the same tree for any mix of the characters tables, footnotes, math and comments are made of', () => {
    // 200 runs here (2,000 in `npm run test:e2e`); 150,000 runs, with lists up to 60 pieces, found nothing either.
    const piece = fc.constantFrom(
      '|',
      '-',
      ':',
      ' ',
      '\t',
      '\n',
      '\r\n',
      '\n\n',
      '> ',
      '- ',
      '* ',
      '[',
      '^',
      ']',
      ']:',
      'a',
      'b c',
      '`',
      '```\n',
      '\\',
      '*',
      '    ',
      '[[x|y]]',
      '1. ',
      '=',
      '#',
      '<!--',
      '-->',
      '---',
      '&#124;',
      '$',
      '$$',
      '$$\n',
      '%',
      '%%',
      '%%\n'
    )
    fc.assert(
      fc.property(fc.array(piece, {maxLength: 40}), (pieces) => {
        same(pieces.join(''))
      }),
      {numRuns: propertyRuns(200)}
    )
  })
})
