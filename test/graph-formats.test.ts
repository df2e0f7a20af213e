import {execFileSync, spawnSync} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'
import {graphToDot} from '../src/emit/graph-dot.js'
import {graphToGraphml, xmlEscape} from '../src/emit/graph-graphml.js'
import {GRAPH_HTML_CSP, graphToHtml, jsonForHtml} from '../src/emit/graph-html.js'
import {VIEWER_JS} from '../src/emit/graph-html-assets.js'
import type {GraphEdge, JsonGraph} from '../src/emit/graph-model.js'
import {GraphTooLargeError, graphToMermaid, mermaidLabel} from '../src/emit/graph-mermaid.js'
import {formatStats, graphStats} from '../src/emit/graph-stats.js'
import {
  ARCH,
  edge,
  fixture,
  IDEA,
  IMG,
  INDEX,
  INSTALL,
  LONELY,
  MISSING,
  OVERVIEW,
  SCRIPT,
  XSS_IMG,
  XSS_SCRIPT
} from './fixtures/graph-fixture.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const artifacts = path.join(root, 'test-artifacts')

/** The DOT text before its legend cluster. */
function withoutLegend(dot: string): string {
  return dot.split('  subgraph "cluster_legend"')[0]!
}

const NODE_COUNT = 10
const EDGE_COUNT = 12

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], {stdio: 'ignore'}).status === 0
}
const hasDot = has('dot')

/** A graph with `n` chained notes, for the Mermaid size limit. */
function chain(n: number, folders = 3): JsonGraph {
  const nodes: JsonGraph['graph']['nodes'] = {}
  const edges: GraphEdge[] = []
  for (let i = 0; i < n; i++) {
    nodes[`f${i % folders}/note-${i}`] = {label: `Note ${i}`, metadata: {type: 'note'}}
    if (i > 0) edges.push(edge(`f${(i - 1) % folders}/note-${i - 1}`, `f${i % folders}/note-${i}`, 'wikilink', 1))
  }
  return {graph: {directed: true, type: 'kb-lint', nodes, edges}}
}

/** Check every DOT line has only terminated double-quoted strings. */
function unterminatedDotString(dot: string): string | undefined {
  for (const line of dot.split('\n')) {
    let inString = false
    for (let i = 0; i < line.length; i++) {
      const c = line[i]
      if (inString && c === '\\') i++
      else if (c === '"') inString = !inString
    }
    if (inString) return line
  }
  return undefined
}

describe('graph stats', () => {
  it('counts notes, links, unresolved, orphans, dead ends, most linked and components', () => {
    const stats = graphStats(fixture)
    expect(stats.notes).toBe(7)
    expect(stats.links).toBe(EDGE_COUNT)
    expect(stats.unresolved).toBe(1)
    expect(stats.orphans).toEqual([LONELY])
    expect(stats.deadEnds).toEqual([OVERVIEW, LONELY])
    expect(stats.mostLinked.map((m) => [m.id, m.sources, m.links])).toEqual([
      [ARCH, 3, 5],
      [OVERVIEW, 1, 1],
      [INDEX, 1, 1],
      [IDEA, 1, 1]
    ])
    expect(stats.components).toEqual({count: 2, largest: [6, 1]})
  })

  it('formats the stats for people', () => {
    const text = formatStats(graphStats(fixture))
    expect(text).toContain('Notes:       7')
    expect(text).toContain('Links:       12 (1 unresolved)')
    expect(text).toContain('Components:  2 (largest: 6, 1)')
    expect(text).toMatch(/3 {2}devops\/docker\/explanation\/architecture — Архитектура Docker \(3 notes, 5 links\)/)
    expect(text).toContain(`    ${LONELY}`)
  })

  it('handles an empty graph', () => {
    const stats = graphStats({graph: {directed: true, type: 'kb-lint', nodes: {}, edges: []}})
    expect(stats).toMatchObject({notes: 0, links: 0, orphans: [], components: {count: 0, largest: []}})
    expect(formatStats(stats)).toContain('Most linked: none')
  })
})

describe('DOT', () => {
  const dot = graphToDot(fixture)

  it('has nested folder clusters, red dashed missing nodes and one edge per link', () => {
    expect(dot.startsWith('digraph "Test base «кб»" {')).toBe(true)
    expect(dot).not.toMatch(/^strict/)
    const clusterOrder = [...dot.matchAll(/subgraph "cluster_([^"]*)"/g)].map((m) => m[1])
    // The folders, then the legend of edge styles.
    expect(clusterOrder).toEqual([
      'devops/',
      'devops/docker/',
      'devops/docker/explanation/',
      'devops/docker/how-to/',
      'devops/kubernetes/',
      'img/',
      'заметки/',
      'legend'
    ])
    // Nesting: the explanation cluster is indented inside docker, inside devops.
    expect(dot).toMatch(
      /\n {2}subgraph "cluster_devops\/" \{\n[\s\S]*\n {4}subgraph "cluster_devops\/docker\/" \{\n[\s\S]*\n {6}subgraph "cluster_devops\/docker\/explanation\/" \{\n {8}label="explanation";\n {8}"devops\/docker\/explanation\/architecture" \[label="Архитектура Docker"/
    )
    // Folder node inside its own cluster, missing node at the top level.
    expect(dot).toMatch(/\n {4}"devops\/" \[label="devops", [^\n]*shape="folder"/)
    expect(dot).toMatch(/\n {2}"missing\/нет-такой" \[label="нет-такой", [^\n]*style="dashed", color="red"/)
    expect(withoutLegend(dot).match(/ -> /g)).toHaveLength(EDGE_COUNT)
    expect(dot.match(/"index" -> "devops\/docker\/explanation\/architecture"/g)).toHaveLength(3)
    expect(dot).toMatch(/"заметки\/идея" -> "missing\/нет-такой" \[[^\n]*color="red", style="dashed"/)
  })

  it('escapes quotes, backslashes and newlines, and keeps non-ASCII', () => {
    expect(dot).toContain('label="Установка \\"Docker\\" \\\\ C:\\\\path"')
    expect(dot).toContain('label="Обзор Kubernetes\\nвторая строка"')
    expect(dot).toContain('"заметки/скрипт" [label="</script><script>window.__pwned=1</script>"')
    expect(unterminatedDotString(dot)).toBeUndefined()
    // Braces balance (none appear inside labels of this fixture).
    expect(dot.match(/\{/g)?.length).toBe(dot.match(/\}/g)?.length)
  })

  it.runIf(hasDot)('renders with `dot -Tsvg`', () => {
    const svg = execFileSync('dot', ['-Tsvg'], {input: withoutLegend(dot) + '}\n', encoding: 'utf8'})
    expect(svg.match(/class="node"/g)).toHaveLength(NODE_COUNT)
    expect(svg.match(/class="edge"/g)).toHaveLength(EDGE_COUNT)
    expect(svg.match(/class="cluster"/g)).toHaveLength(7)
    // With the legend: one more cluster, two text nodes and one sample arrow per style.
    const full = execFileSync('dot', ['-Tsvg'], {input: dot, encoding: 'utf8'})
    expect(full.match(/class="cluster"/g)).toHaveLength(8)
    expect(full).toContain('>Legend</text>')
    expect(svg).toContain('>Архитектура Docker</text>')
    expect(svg).toContain('>Установка &quot;Docker&quot; \\ C:\\path</text>')
    expect(svg).toContain('>вторая строка</text>')
    mkdirSync(artifacts, {recursive: true})
    writeFileSync(path.join(artifacts, 'graph.svg'), svg)
  })

  it('is required on CI', () => {
    if (process.env.CI) expect(hasDot, 'Graphviz `dot` must be installed on CI (apt-get install -y graphviz)').toBe(true)
  })
})

describe('GraphML', () => {
  const xml = graphToGraphml(fixture)

  it('is well-formed XML with every node and edge', () => {
    expect(XMLValidator.validate(xml)).toBe(true)
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (name) => ['key', 'node', 'edge', 'data'].includes(name)
    }).parse(xml)
    const graphml = parsed.graphml
    expect(graphml['@xmlns']).toBe('http://graphml.graphdrawing.org/xmlns')
    const keyNames = graphml.key.map((k: Record<string, string>) => `${k['@for']}:${k['@attr.name']}`)
    expect(keyNames).toEqual(expect.arrayContaining(['node:label', 'node:type', 'node:path', 'edge:relation', 'edge:line']))
    const g = graphml.graph[0] ?? graphml.graph
    expect(g['@edgedefault']).toBe('directed')
    expect(g.node).toHaveLength(NODE_COUNT)
    expect(g.edge).toHaveLength(EDGE_COUNT)

    const dataOf = (el: {data: Array<{'#text': unknown; '@key': string}>}, key: string) => el.data.find((d) => d['@key'] === key)?.['#text']
    const byKey = new Map<string, any>(g.node.map((n: any) => [String(dataOf(n, 'd_key')), n]))
    expect([...byKey.keys()].sort()).toEqual(Object.keys(fixture.graph.nodes).sort())
    expect(dataOf(byKey.get(IDEA), 'd_label')).toBe(XSS_IMG)
    expect(dataOf(byKey.get(SCRIPT), 'd_label')).toBe(XSS_SCRIPT)
    expect(dataOf(byKey.get(INSTALL), 'd_label')).toBe('Установка "Docker" \\ C:\\path')
    expect(dataOf(byKey.get(MISSING), 'd_type')).toBe('missing')
    expect(dataOf(byKey.get(IMG), 'd_type')).toBe('attachment')
    // Every edge endpoint is a declared node id.
    const ids = new Set(g.node.map((n: any) => n['@id']))
    for (const e of g.edge) {
      expect(ids.has(e['@source'])).toBe(true)
      expect(ids.has(e['@target'])).toBe(true)
    }
    const unresolved = g.edge.filter((e: any) => String(dataOf(e, 'd_resolved')) === 'false')
    expect(unresolved).toHaveLength(1)
    expect(dataOf(unresolved[0], 'd_line')).toBe(4)
  })

  it('escapes markup and drops characters XML cannot carry', () => {
    expect(xml).not.toContain('<img')
    expect(xml).not.toContain('<script')
    expect(xmlEscape('a\u0001b\uD800c & "d"')).toBe('a\uFFFDb\uFFFDc &amp; &quot;d&quot;')
  })
})

describe('Mermaid', () => {
  const text = graphToMermaid(fixture)

  it('is a flowchart with safe ids, quoted escaped labels and collapsed parallel edges', () => {
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toBe('flowchart LR')
    const nodeLines = lines.filter((l) => /^ {2}n\d+\[/.test(l))
    expect(nodeLines).toHaveLength(NODE_COUNT)
    for (const line of nodeLines) expect(line).toMatch(/^ {2}n\d+\["[^"<>`]*"\]$/)
    expect(text).toContain('["Установка #quot;Docker#quot; \\ C:\\path"]')
    expect(text).toContain('["#60;img src=x onerror=alert(1)#62;"]')
    expect(text).toContain('["Index #38; #60;Home#62; #35;1 #96;code#96;"]')
    expect(text).toContain('["Обзор Kubernetes вторая строка"]')
    const id = (key: string) => {
      const label = mermaidLabel(fixture.graph.nodes[key]?.label ?? '')
      const line = nodeLines.find((l) => l.endsWith(`[${label}]`))
      return line?.trim().split('[')[0]
    }
    expect(text).toContain(`  ${id(INDEX)} -->|3| ${id(ARCH)}\n`)
    expect(text).toContain(`  ${id(IDEA)} -.-> ${id(MISSING)}\n`)
    expect(text).toMatch(new RegExp(`\\n {2}class [n0-9,]*\\b${id(MISSING)}\\b[n0-9,]* missing\\n`))
    expect(text).toContain('classDef missing stroke:#d62728')
    expect(text).toContain('stroke-dasharray:5 5')
  })

  it('throws GraphTooLargeError above the limit, suggesting html or dot', () => {
    const big = chain(600)
    expect(() => graphToMermaid(big)).toThrow(GraphTooLargeError)
    try {
      graphToMermaid(big)
    } catch (error) {
      expect(error).toBeInstanceOf(GraphTooLargeError)
      const e = error as GraphTooLargeError
      expect(e.name).toBe('GraphTooLargeError')
      expect(e.nodes).toBe(600)
      expect(e.message).toContain('--format html')
      expect(e.message).toContain('--format dot')
    }
    expect(() => graphToMermaid(chain(300))).not.toThrow()
    expect(() => graphToMermaid(fixture, {maxEdges: 5})).toThrow(/too large/)
  })

  it('summarises by top folder when asked', () => {
    const summary = graphToMermaid(chain(600), {summarise: true})
    expect(summary).toBe(
      [
        'flowchart LR',
        '  f0["f0 (200 notes)"]',
        '  f1["f1 (200 notes)"]',
        '  f2["f2 (200 notes)"]',
        '  f0 -->|200| f1',
        '  f1 -->|200| f2',
        '  f2 -->|199| f0',
        '  classDef missing stroke:#d62728,stroke-width:2px,stroke-dasharray:5 5,color:#d62728,fill:#fff5f5',
        ''
      ].join('\n')
    )
    const small = graphToMermaid(fixture, {summarise: true, maxNodes: 2})
    expect(small).toContain('["devops (3 notes, 3 internal links)"]')
    expect(small).toContain('["missing targets (1 target)"]')
    expect(small).toMatch(/class f\d+ missing/)
  })
})

describe('HTML', () => {
  const html = graphToHtml(fixture)

  it('embeds the data safely and fetches nothing', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${GRAPH_HTML_CSP.replace(/'/g, '&#39;')}">`)
    const match = /<script type="application\/json" id="kb-graph-data">([^<]*)<\/script>/.exec(html)
    expect(match).not.toBeNull()
    expect(JSON.parse(match?.[1] ?? '')).toEqual(fixture)
    expect(match?.[1]).toContain('\\u003c/script\\u003e\\u003cscript\\u003ewindow.__pwned=1')
    expect(html).not.toContain('<img src=x')
    expect(html).not.toContain('window.__pwned=1</script>')
    expect(jsonForHtml({a: '<&>\u2028\u2029'})).toBe('{"a":"\\u003c\\u0026\\u003e\\u2028\\u2029"}')
    // No external resources.
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i)
    // The viewer never parses note text as HTML.
    expect(VIEWER_JS).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/)
    expect(html.length).toBeLessThan(600_000)
  })
})
