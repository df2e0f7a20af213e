/** Graph outputs people can read: a legend in dot, no same-note self-loops, colours by the folder level that differs. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {DOT_LAYOUT_MAX_NODES, dotLayoutWarning, graphToDot} from '../src/emit/graph-dot.js'
import {buildGraph} from '../src/emit/graph-json.js'
import type {JsonGraph} from '../src/emit/graph-model.js'
import {mermaidFolderSummary} from '../src/emit/graph-mermaid.js'
import {folderGroup, sharedFolderDepth} from '../src/emit/graph-util.js'
import {lint} from '../src/engine/lint.js'
import {fenceMermaid} from '../src/cli/graph.js'

const temps: string[] = []
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, {recursive: true, force: true})
})

const note = (title: string, body = '') => `---\ntitle: ${title}\ndescription: D\n---\n# ${title}\n\n## Part\n${body}\n`

async function graphOf(files: Record<string, string>): Promise<JsonGraph> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-graph-habits-'))
  temps.push(dir)
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    fs.writeFileSync(path.join(dir, name), text)
  }
  const result = await lint({root: dir})
  return buildGraph(result.base, result.references)
}

describe('the link graph', () => {
  it('has no self-loop for a link to a heading of the same note, but keeps a note that links to itself', async () => {
    const graph = await graphOf({
      'a.md': note('A', '[[#Part]] [t](#part) [[b]] [[b#Part]]'),
      'b.md': note('B', 'Here: [[b#Part]]'),
      'c.md': note('C', '[[#Nope]]')
    })
    const pairs = graph.graph.edges.map((edge) => `${edge.source}->${edge.target}`)
    expect(pairs).toEqual(['a->b', 'a->b', 'b->b'])
    // A broken same-note anchor is a finding (link-anchor-unresolved), not a missing node.
    expect(Object.keys(graph.graph.nodes).sort()).toEqual(['a', 'b', 'c'])
  })
})

describe('dot', () => {
  it('explains the edge styles it uses in a legend', async () => {
    const graph = await graphOf({
      'a.md': note('A', '[[b]] [B](b.md) ![[img.png]] [[missing]]'),
      'b.md': note('B'),
      'img.png': 'png'
    })
    const dot = graphToDot(graph)
    const legend = dot.slice(dot.indexOf('subgraph "cluster_legend"'))
    expect(legend).toMatch(/label="Legend"/)
    expect(legend).toMatch(/label="wiki link"/)
    expect(legend).toMatch(/label="Markdown link"/)
    expect(legend).toMatch(/label="embed"/)
    expect(legend).toMatch(/label="unresolved \(missing target\)"/)
    // Only the styles the graph has: no frontmatter link here.
    expect(legend).not.toMatch(/frontmatter/)
    // The samples are drawn as the real edges are.
    expect(legend).toMatch(/-> " legend embed to" \[arrowhead="odiamond", color="#2ca02c"\]/)
    expect(legend).toMatch(/-> " legend unresolved \(missing target\) to" \[color="red", style="dashed"\]/)
  })

  it('says when a base is too large for dot to lay out, and what to use instead', () => {
    const graph = (count: number): JsonGraph => ({
      graph: {
        directed: true,
        type: 'kb-lint',
        nodes: Object.fromEntries(Array.from({length: count}, (_, index) => [`n${index}`, {label: `N${index}`, metadata: {type: 'note'}}])),
        edges: []
      }
    })
    expect(dotLayoutWarning(graph(DOT_LAYOUT_MAX_NODES))).toBeUndefined()
    expect(dotLayoutWarning(graph(DOT_LAYOUT_MAX_NODES + 1))).toMatch(new RegExp(`${DOT_LAYOUT_MAX_NODES + 1} nodes.*--format html`))
  })
})

describe('colour groups', () => {
  it('use the first folder level where the notes differ', async () => {
    const graph = await graphOf({
      'devops/index.md': note('Index', '[[devops/docker/a]] [[devops/kubernetes/b]] [[nowhere/x]]'),
      'devops/docker/a.md': note('A', '[[devops/kubernetes/b]]'),
      'devops/docker/deep/c.md': note('C'),
      'devops/kubernetes/b.md': note('B')
    })
    const depth = sharedFolderDepth(graph)
    expect(depth).toBe(1)
    expect(folderGroup('devops/docker/deep/c', depth)).toBe('devops/docker')
    expect(folderGroup('devops/kubernetes/b', depth)).toBe('devops/kubernetes')
    expect(folderGroup('devops/index', depth)).toBe('devops')
    // At the root (nothing shared) a top-level note is `(root)`.
    expect(folderGroup('index', 0)).toBe('(root)')
    expect(folderGroup('a/b', 0)).toBe('a')
    // The Mermaid folder summary draws the same groups, not one `devops` box.
    const summary = mermaidFolderSummary(graph)
    expect(summary).toContain('"devops/docker (2 notes')
    expect(summary).toContain('"devops/kubernetes (1 note')
    expect(summary).toContain('"missing targets (1 target)"')
  })
})

describe('mermaid', () => {
  it('is fenced for Markdown', () => {
    expect(fenceMermaid('flowchart LR\n  n0["a"]\n')).toBe('```mermaid\nflowchart LR\n  n0["a"]\n```\n')
  })
})
