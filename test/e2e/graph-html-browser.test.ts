/**
 * The graph page (`kb-lint graph --format html`, test/fixtures/graph-fixture.ts)
 * in headless Chromium from file://: it draws every note and link, search and
 * the side panel work, a click on the canvas selects, note text is shown as
 * text and never run, and nothing is fetched. The page's text itself is
 * checked without a browser in test/graph-formats.test.ts.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {describe, expect, it} from 'vitest'
import {graphToHtml} from '../../src/emit/graph-html.js'
import {projectRoot} from '../fixtures.js'
import {chromiumAvailable, launchChromium} from './chromium.js'
import {ARCH, fixture, IDEA, INDEX, SCRIPT, XSS_IMG, XSS_SCRIPT} from '../fixtures/graph-fixture.js'

const artifacts = path.join(projectRoot, 'test-artifacts')
const NODE_COUNT = 10
const EDGE_COUNT = 12

describe('the graph page in Chromium', () => {
  const html = graphToHtml(fixture)

  it.runIf(chromiumAvailable)(
    'works in headless Chromium from file://, offline, without running note text',
    async () => {
      mkdirSync(artifacts, {recursive: true})
      const file = path.join(artifacts, 'graph.html')
      writeFileSync(file, html)

      const browser = await launchChromium()
      try {
        const page = await browser.newPage({viewport: {width: 1280, height: 800}})
        const requests: string[] = []
        const dialogs: string[] = []
        const errors: string[] = []
        page.on('request', (request) => requests.push(request.url()))
        page.on('dialog', async (dialog) => {
          dialogs.push(dialog.message())
          await dialog.dismiss()
        })
        page.on('pageerror', (error) => errors.push(String(error)))
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text())
        })

        await page.goto(pathToFileURL(file).href)
        await page.waitForSelector('body[data-ready="true"]', {timeout: 20_000})

        expect(await page.getAttribute('body', 'data-node-count')).toBe(String(NODE_COUNT))
        expect(await page.evaluate(() => (window as any).__kbGraph.order)).toBe(NODE_COUNT)
        expect(await page.evaluate(() => (window as any).__kbGraph.size)).toBe(EDGE_COUNT)
        expect(await page.title()).toBe('Test base «кб»')

        // Search: type, see the highlight, press Enter to open the panel.
        await page.fill('#search', 'архитект')
        expect(await page.textContent('#search-count')).toContain('1 match')
        expect(await page.evaluate(() => (window as any).__kbGraph.matches())).toEqual([ARCH])
        const classesOf = (k: string) =>
          page.evaluate(
            (key) =>
              (window as any).__kbGraph.cy
                .nodes()
                .filter((x: any) => x.data('key') === key)
                .classes(),
            k
          )
        expect(await classesOf(ARCH)).toContain('match')
        expect(await classesOf(INDEX)).toContain('dim')
        await page.press('#search', 'Enter')
        expect(await page.isVisible('#panel')).toBe(true)
        expect(await page.textContent('#panel-title')).toBe('Архитектура Docker')
        expect(await page.textContent('#panel-description')).toBe('How the daemon, images & containers fit together.')
        expect(await page.textContent('#panel-path')).toBe(`${ARCH}.md`)
        expect(await page.textContent('#panel-out-count')).toBe('(2)')
        expect(await page.textContent('#panel-in-count')).toBe('(4 notes, 6 links)')
        expect(await page.locator('#panel-in li').count()).toBe(4)
        expect(await page.textContent('#panel-in')).toContain('wikilink L3, markdown L5, wikilink L9')

        // Select the hostile notes: their text shows up literally.
        expect(await page.evaluate((k) => (window as any).__kbGraph.select(k), IDEA)).toBe(true)
        expect(await page.textContent('#panel-title')).toBe(XSS_IMG)
        expect(await page.textContent('#panel-description')).toBe(XSS_SCRIPT)
        expect(await page.locator('#panel img').count()).toBe(0)
        expect(await page.textContent('#panel-out')).toContain('нет-такой')
        expect(await page.locator('#panel-out button', {hasText: 'нет-такой'}).getAttribute('class')).toBe('missing')
        expect(await page.textContent('#panel-out')).toContain('wikilink L4 (unresolved)')

        // Click a node on the canvas: the panel follows.
        const pos = await page.evaluate((k) => {
          const g = (window as any).__kbGraph
          const n = g.cy.nodes().filter((x: any) => x.data('key') === k)
          g.cy.stop(true)
          g.cy.fit(undefined, 40)
          const p = n.renderedPosition()
          const box = document.getElementById('cy')!.getBoundingClientRect()
          return {x: box.left + p.x, y: box.top + p.y}
        }, SCRIPT)
        await page.mouse.click(pos.x, pos.y)
        await expect.poll(() => page.evaluate(() => (window as any).__kbGraph.selected())).toBe(SCRIPT)
        expect(await page.textContent('#panel-title')).toBe(XSS_SCRIPT)

        // A screenshot for people: the most linked note selected, whole graph in view.
        await page.evaluate((k) => {
          const g = (window as any).__kbGraph
          g.select(k)
          g.cy.stop(true)
          g.cy.fit(undefined, 50)
        }, ARCH)
        await page.waitForTimeout(400)
        await page.screenshot({path: path.join(artifacts, 'graph.png')})

        expect(dialogs).toEqual([])
        expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined()
        expect(errors).toEqual([])
        expect(requests.length).toBeGreaterThan(0)
        expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([])
      } finally {
        await browser.close()
      }
    },
    60_000
  )

  it('has Chromium on CI', () => {
    if (process.env.CI) expect(chromiumAvailable, 'Chromium must be installed on CI (apt-get install -y chromium)').toBe(true)
  })
})
