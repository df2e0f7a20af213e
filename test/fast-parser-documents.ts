/**
 * fast-check documents for the differential test of the fast parser: built
 * from the constructs that decide a note summary (every link form, `[[a\|b]]`
 * and `[[a|b]]` in tables, nested lists and quotes, fenced and indented code,
 * HTML blocks and comments, setext headings, reference definitions,
 * suppressions and index markers) in Latin, Cyrillic and astral text, joined
 * with and without blank lines, with LF or CRLF, with or without a BOM.
 */
import fc from 'fast-check'
import {expect} from 'vitest'
import {compareParsers} from '../src/syntax/fast/compare.js'

const word = fc.constantFrom('note', 'see', 'Заметка', 'ёжик', 'é', 'café', '𝔘nicode', '😀', 'a-b', "don't", 'x1', 'snake_case', 'über')

/** Inline syntax the fast parser reads itself (tricky cases included). */
const easyAtom = fc.oneof(
  {weight: 12, arbitrary: word},
  {weight: 6, arbitrary: fc.constant(' ')},
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      '[[a]]',
      '[[folder/Заметка]]',
      '[[a|Alias]]',
      '[[a\\|b]]',
      '[[a#Heading]]',
      '[[#Heading]]',
      '[[a#^block-1]]',
      '[[a#H|b]]',
      '![[img.png]]',
      '![[a#^x]]',
      '[[ a ]]',
      '[[a|b|c]]',
      '[[a#b#c]]',
      '[[ #x | y ]]',
      '[[a|]]',
      '[[a#]]'
    )
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '[t](x.md)',
      '[t](../y/z.md#some-slug)',
      '[](x.md)',
      '![alt](p.png)',
      '[t](https://example.com)',
      '[t](#local)',
      '[t](x%20y.md)',
      '[`code`](x.md)',
      '[a `b` c](x.md#h)',
      '[LOG_LEVEL](x.md)',
      '[Hi! 😀 & ёж](x.md)',
      '[a <- b](x.md)',
      '![a `b`](p.png)',
      '[q](x.md?a=1&b=2)',
      '[w](https://en.wikipedia.org/wiki/Cache_(computing))',
      '[a](<b c.md>)',
      '[a](<>)',
      '[a]()',
      '[\\`x\\`](y.md)',
      '[a\\]b](c.md)',
      '![i](<p q.png>)',
      '[x]',
      '[ref]',
      '[REF]',
      '[a b]',
      '[ ]',
      '[t] x'
    )
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '`code [[x]]`',
      '``a ` b``',
      '`',
      '` [[y]] `',
      '*em*',
      '**strong**',
      '_u_',
      '__s__',
      '*',
      '**',
      '\\|',
      '\\*',
      '\\_',
      '\\',
      '|',
      ']',
      '^id',
      ' ^block-9',
      '  ',
      '#tag',
      '!',
      '< b',
      '&',
      '~~s~~',
      'www.x.com',
      ')',
      '(',
      // Autolinks and inline HTML on one line, and `<` that is neither.
      '<https://example.com/a_b?x=1&y=2>',
      '<file:x.md>',
      '<a href="x.md">',
      '</a>',
      '<br/>',
      '<img src=a.png alt="b [[c]]" />',
      "<span class='x'>t</span>",
      '<a b=c=d>',
      '<a_b>',
      '<http://a b>',
      '<3',
      '<a-b c:d _e>',
      // Not list markers: the line is a paragraph.
      '-x',
      '1.5',
      '+y',
      // Inline math, and dollars that close nothing or something far away.
      '$x$',
      '$a [[m]] b$',
      '$$y$$',
      '$5',
      '$ z $',
      // A dollar the reference reads as code or a destination, not math.
      '`$x$`',
      '`$`',
      '[t](x$y.md)',
      '\\$',
      '[[a$b]]',
      // `]:` that is no definition: a label holds no `[`.
      '[[a]]: b',
      '`[r]: x`'
    )
  }
)

/** Inline syntax that sends a note to the reference (or is a trap for the fast parser). */
const hardAtom = fc.constantFrom(
  '[[]]',
  '[[|x]]',
  '[[a]b]]',
  '[[a',
  'b]]',
  '[t](<x y.md>)',
  '[t](x.md "title")',
  '[t] (x.md)',
  '[t][ref]',
  '[ref]',
  '[*t*](x.md)',
  '[a [b](c.md) d](e.md)',
  '[t](x\\).md)',
  '[t](a&amp;b.md)',
  '[a `b](c.md)`',
  '[a](b(c)',
  '[a](b((c)))',
  '[a](<b>c)',
  '[a](b c)',
  '[a](<b\nc>)',
  '[a_](x.md)',
  '[&copy;](x.md)',
  '[a <b>](x.md)',
  '![*a*](p.png)',
  '[``](x.md)',
  '`unclosed',
  '<!-- c -->',
  '<span>',
  '<https://x.y>',
  '<a\nhref="x">',
  '<a href="x\ny">',
  '<x@y.z>',
  '<a/\n>',
  '<?php x ?>',
  '<![CDATA[ [[c]] ]]>',
  '&amp;',
  '&copy;',
  '&#1;',
  '\\[',
  '[',
  '\t',
  '%%hidden [[c]]%%',
  '$x$',
  '$$',
  '$',
  '[a$b](x.md)',
  '[$]',
  '![$](p.png)',
  '`a` $b',
  '\\$x$',
  '[^1]',
  '<',
  '>',
  '**b**^id'
)

/**
 * The documents at one difficulty: `plain` uses only what the fast parser
 * reads itself (so its own path is what gets compared), `mixed` adds every
 * construct that sends a note to the reference, and the traps around them.
 */
export function documents(mixed: boolean) {
  const pick = <T>(plain: T[], hard: T[]) => fc.constantFrom(...(mixed ? [...plain, ...hard] : plain))
  const inlineAtom = mixed ? fc.oneof({weight: 30, arbitrary: easyAtom}, {weight: 1, arbitrary: hardAtom}) : easyAtom
  const inline = fc.array(inlineAtom, {minLength: 1, maxLength: 8}).map((atoms) => atoms.join(''))
  const lines = (count: number) => fc.array(inline, {minLength: 1, maxLength: count}).map((parts) => parts.join('\n'))

  // Tabs indent nested lists in Obsidian; a tab advances to the next multiple of 4.
  const indent = pick(['', '', '', '', '', ' ', '  ', '  ', '   ', '    ', '\t', '\t', '\t\t', ' \t'], ['    ', '     ', '\t\t\t'])
  const bullet = pick(['- ', '- ', '- ', '* ', '+ ', '1. ', '2. ', '1) ', '-  ', '- [ ] ', '10. '], ['-     ', '-', '-\t'])
  const listItem = fc
    .tuple(indent, bullet, inline, fc.option(inline, {nil: undefined}), fc.constantFrom('  ', '', '    ', '\t'))
    .map(
      ([space, marker, text, more, continuation]) => space + marker + text + (more === undefined ? '' : '\n' + space + continuation + more)
    )

  const tableRow = fc.array(fc.oneof(word, inline, fc.constantFrom('[[a|b]]', '[[a\\|b]]', '`a|b`', '', ' ', '\\|', '![[i.png|100]]')), {
    minLength: 1,
    maxLength: 4
  })
  const table = fc
    .tuple(
      fc.integer({min: 1, max: 4}),
      pick(['---', '---', ':-:', ':--', '---:', '-'], ['', '-x-', '==']),
      fc.array(tableRow, {maxLength: 4}),
      fc.boolean(),
      pick([''], [' ', '  ']),
      pick([0], [-1, 1])
    )
    .map(([columns, delimiter, rows, pipes, space, skew]) => {
      const row = (cells: string[]) => (pipes ? '| ' + cells.join(' | ') + ' |' : cells.join(' | '))
      const header = row(Array.from({length: columns}, (_, index) => `H${index}`))
      const delimiterRow = row(Array.from({length: Math.max(1, columns + skew)}, () => delimiter))
      return [space + header, delimiterRow, ...rows.map(row)].join('\n')
    })

  const indentedTable = fc
    .tuple(fc.constantFrom('- item\n\n', '- item\n', '1. x\n\n'), table)
    .map(([item, body]) => item + body.replace(/^/gm, '  '))

  const blocks = [
    {weight: 1, arbitrary: indentedTable},
    {weight: 10, arbitrary: lines(3)},
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.integer({min: 1, max: 7}), inline, fc.constantFrom('', ' #', ' ##', '#', '  '))
        .map(([depth, text, close]) => '#'.repeat(depth) + ' ' + text + close)
    },
    {
      weight: 6,
      arbitrary: fc
        .array(listItem, {minLength: 1, maxLength: 5})
        .chain((items) => fc.boolean().map((loose) => items.join(loose ? '\n\n' : '\n')))
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          pick(['```', '~~~', '````', '```js', '  ```'], ['``` `x`']),
          fc.array(
            fc.oneof(
              {weight: 4, arbitrary: inline},
              {weight: 1, arbitrary: fc.constantFrom('$ docker run', '$$', '[ref]: x.md', 'a ]: b')}
            ),
            {
              maxLength: 3
            }
          ),
          pick(['same'], ['```', '~~~', '````', '  ```', ''])
        )
        .map(([open, body, close]) => [open, ...body, close === 'same' ? open.trim().replace(/[a-z]+$/, '') : close].join('\n'))
    },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '<!-- kb-lint-disable-next-line link-unresolved -->',
        '<!-- kb-lint-disable table-column-count -->',
        '<!-- kb-lint-enable -->',
        '<!-- kb-lint:index folder="a" -->\n- [[a]]\n<!-- /kb-lint:index -->',
        '<!-- multi\nline [[x]] -->',
        '<!-- c --> after',
        '  <!-- indented -->',
        '<!-- a -->\n<!-- b -->',
        '***',
        '- - -',
        '___'
      )
    },
    {weight: 5, arbitrary: table},
    {
      // Nested lists indented with tabs, as Obsidian writes them.
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            '- A\n\t- B\n\t\t- C\n\t- D\n- E',
            '1. A\n\t1. B\n\t\t- C\n2. D',
            '- A\n\t- B\n\n\t  B\n- C',
            '- A\n\n\tA\n\t- B',
            '- A\n\t\tB\n- C',
            '* A\n\t* B\n\t\t* C\n\t\t\t* D',
            '- A\n \t- B\n  \t C',
            '- [ ] A\n\t- [x] B',
            '1. A\n\t- B\n\tC\nD'
          ),
          fc.array(inline, {minLength: 5, maxLength: 5})
        )
        .map(([shape, [a, b, c, d, e]]) =>
          shape.replaceAll('A', a!).replaceAll('B', b!).replaceAll('C', c!).replaceAll('D', d!).replaceAll('E', e!)
        )
    },
    {
      // Link reference definitions on one line (their labels are atoms above).
      weight: 2,
      arbitrary: fc.constantFrom(
        '[ref]: x.md',
        '[Ref]:  <y z.md>  "T"',
        "[ref]: ../a.md 'T'",
        '[ref]: x.md (T)',
        '[ a  b ]: c.md#h',
        '[ref]: https://example.com',
        '- [ref]: x.md',
        '> [a b]: y.md',
        '[ref]: x.md\n[a b]: y.md\ntext [ref]'
      )
    },
    {
      // Fenced code in a list item: first in the item, or after its text;
      // lines indented to the item's content or not; closed inside it or not.
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom('- ', '1. ', '-   ', '* ', '  - '),
          fc.constantFrom('', 'Step [[a]]', 'Step [[a]]\n', '<https://x.y/z>', '<b>Step</b> [[a]]', '<b>', '<div>x</div>'),
          fc.constantFrom('```', '~~~', '````sh', ' ```', '```js x'),
          fc.array(
            fc.tuple(fc.constantFrom('same', 'same', 'same', 'less', 'more'), fc.oneof(inline, fc.constantFrom('', '  ', '$ run', '```'))),
            {maxLength: 3}
          ),
          fc.constantFrom('same', 'same', 'less', 'more', 'none'),
          fc.option(inline, {nil: undefined})
        )
        .map(([marker, before, fence, body, close, after]) => {
          const pad = ' '.repeat(marker.length)
          const fenceIndent = fence.startsWith(' ') ? ' ' : ''
          const lines = before === '' ? [marker + fence] : [marker + before.trim(), ...(before.endsWith('\n') ? [''] : []), pad + fence]
          for (const [indent, text] of body)
            lines.push((indent === 'same' ? pad + fenceIndent : indent === 'less' ? pad.slice(1) : pad + '    ') + text)
          const closing = fence.trim().replace(/[a-z ]+$/, '')
          if (close !== 'none') lines.push((close === 'same' ? pad : close === 'less' ? '' : pad + '  ') + closing)
          if (after !== undefined) lines.push(pad + after)
          return lines.join('\n')
        })
    },
    {
      // HTML blocks of each kind, lines that only look like one, and the
      // content after them (blocks join with one newline too: interruption).
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            '<div>',
            '<DIV class=a>',
            '  <div>',
            '<details>\n<summary>S</summary>',
            '<div/>',
            '<div/x',
            '</div >',
            '<table><tr><td>[[c]]</td></tr></table>',
            '<pre>\n[[p]]\n\n[[q]]\n</pre>',
            '<script>x</script> [[after]]',
            '<textarea>\n</TEXTAREA>',
            '<style\n[[s]]\n</style>',
            '<pre>unclosed',
            '<a href="x">',
            '<img src="a.png" alt=\'b\' />',
            '<br>',
            '<iframe src=x></iframe>',
            '<a b=c=d>',
            '<a b="c"d>',
            '<x-y z:w=1 _q>',
            '</a/>',
            '</span>',
            '<span>text [[z]]',
            '> <span>q</span>',
            '> <https://x.y>',
            '> <a href="x">',
            '<-- arrow',
            '<?php ?>',
            '<!DOCTYPE html>',
            '<![CDATA[x]]>'
          ),
          fc.option(inline, {nil: undefined})
        )
        .map(([html, after]) => (after === undefined ? html : html + '\n' + after))
    },
    {
      weight: 3,
      arbitrary: fc
        .array(fc.tuple(fc.constantFrom('> ', '>', '>  ', ' > ', '> [!note] '), fc.oneof(inline, fc.constant(''))), {
          minLength: 1,
          maxLength: 4
        })
        .map((quoteLines) => quoteLines.map(([marker, text]) => marker + text).join('\n'))
    }
  ]
  if (mixed) {
    blocks.push(
      {
        weight: 1,
        arbitrary: fc.tuple(inline, fc.constantFrom('===', '---', '- - -', '***', '___')).map(([text, line]) => text + '\n' + line)
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom('> ', '>', '> > ', '> - ', '> # ', '>     ', '> | a |\n> | - |', '> a b\n> :-:\n> ', '> x | y\n>'),
            inline,
            fc.option(inline, {nil: undefined})
          )
          .map(([marker, text, lazy]) => marker + text + (lazy === undefined ? '' : '\n' + lazy))
      },
      {weight: 1, arbitrary: inline.map((text) => '    ' + text)},
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '<div>\n[[x]]\n</div>',
          '<!-->',
          '<!-- unclosed',
          '[ref]: x.md',
          '[ref]: <y z.md> "t"',
          '   [ref]: x.md',
          '- [ref]: x.md',
          '> [ref]: x.md',
          '[ref]:\n  x.md',
          '[ref]: x.md\n  "title"',
          '[ref]: x.md "t" junk',
          '[r\\ef]: x.md',
          '[ref]: a&amp;b.md',
          '[a\\]b]: c.md',
          '[a]b]: c.md',
          '[a\n b]: c.md',
          '[a] : x.md',
          '[t](x.md): y',
          '[ref]: x.md\n[ref]',
          '[ref]: x.md | a\n| - | - |',
          '- $$\n  [[m]]\n  $$',
          '> $$\n> [[m]]',
          '$$\n```\n[[m]]\n$$\n```',
          '[^1]: note',
          '---',
          '$$\n[[m]]\n$$',
          '%%\n[[c]]\n%%'
        )
      }
    )
  }
  const unquoted = fc.oneof(...blocks)
  // Any block inside a block quote (lists, code, HTML, tables, quotes in
  // quotes), its lines prefixed alike, blank lines with or without the `>`.
  const quoted = fc.tuple(fc.constantFrom('> ', '>', ' > ', '> > '), unquoted, fc.boolean()).map(([prefix, body, bare]) =>
    body
      .split('\n')
      .map((line) => (line === '' && bare ? '' : prefix + line))
      .join('\n')
  )
  const block = fc.oneof({weight: 8, arbitrary: unquoted}, {weight: 2, arbitrary: quoted})

  const frontmatter = pick(
    [
      '',
      '',
      '---\ntitle: T\n---\n',
      '---\ntitle: T\nlinks:\n  - "[[a]]"\n---\n',
      '---\nup: [[a]]\n---\n',
      '---\n---\n',
      '---\ntitle: [unclosed\n---\n',
      '---  \ntitle: x\n---  \n'
    ],
    ['---\ntitle: no close\n']
  )

  return fc
    .tuple(
      frontmatter,
      fc.array(fc.tuple(block, fc.constantFrom('\n', '\n\n', '\n\n\n')), {minLength: 1, maxLength: 8}),
      fc.boolean(),
      fc.boolean()
    )
    .map(([head, parts, crlf, bom]) => {
      let text = head + parts.map(([body, gap]) => body + gap).join('')
      if (crlf) text = text.replace(/\n/g, '\r\n')
      return (bom ? '\uFEFF' : '') + text
    })
}

/** One document: frontmatter, blocks with 0–2 blank lines between them, LF or CRLF, maybe a BOM. */
export const documentArbitrary = fc.oneof({weight: 2, arbitrary: documents(false)}, {weight: 1, arbitrary: documents(true)})

/**
 * Runs `runs` documents through both parsers and fails on the first whose
 * summaries differ; returns how many the fast parser read itself (the rest
 * fell back to remark, so there was nothing to compare).
 */
export function assertSameSummaries(runs: number): number {
  let fast = 0
  fc.assert(
    fc.property(documentArbitrary, (text) => {
      const result = compareParsers(Buffer.from(text))
      if (result.fast) fast++
      expect(result.difference).toBeUndefined()
    }),
    {numRuns: runs}
  )
  return fast
}
