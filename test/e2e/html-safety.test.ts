/**
 * HTML safety end to end: a base whose titles, descriptions, headings, tags
 * and file names are script and markup goes through the real pipeline
 * (`kb-lint graph --format html`), and the page, opened in headless Chromium,
 * runs none of it, fetches nothing, and shows the text as text.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {describe, expect, it} from 'vitest'
import {projectRoot} from '../fixtures.js'
import {chromiumAvailable, launchChromium} from './chromium.js'

const cli = path.join(projectRoot, 'dist', 'cli.js')

const hostileTitle = '<img src=x onerror="window.__pwned=1;alert(1)">'
const hostileName = '<svg onload=alert(2)>'

function hostileBase(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-xss-'))
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, name)), {recursive: true})
    fs.writeFileSync(path.join(root, name), text)
  }
  write(
    'index.md',
    `---\ntitle: '${hostileTitle}'\ndescription: '</script><script>window.__pwned=2</script>'\ntags: ['<b onmouseover=alert(3)>x</b>']\n---\n\n# <iframe src="javascript:alert(4)"></iframe>\n\n[[${hostileName}]] [[notes/a]] [[missing <script>window.__pwned=5</script>]]\n`
  )
  write(`${hostileName}.md`, `---\ntitle: "\\u2028</script><!--"\ndescription: "x"\n---\n[[index]]\n`)
  write(
    'notes/a.md',
    `---\ntitle: "&lt;script&gt;alert(6)&lt;/script&gt;"\ndescription: "{{constructor.constructor('alert(7)')()}}"\n---\n[[index]]\n`
  )
  return root
}

describe('the graph page of a hostile base', () => {
  it.runIf(chromiumAvailable)('runs no note text in Chromium and shows it as text', async () => {
    const root = hostileBase()
    const out = path.join(root, '..', path.basename(root) + '.html')
    const result = spawnSync(process.execPath, [cli, 'graph', root, '--format', 'html', '-o', out, '--no-cache'], {encoding: 'utf8'})
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)

    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const dialogs: string[] = []
      const requests: string[] = []
      page.on('dialog', async (dialog) => {
        dialogs.push(dialog.message())
        await dialog.dismiss()
      })
      page.on('request', (request) => requests.push(request.url()))
      await page.goto(pathToFileURL(out).href)
      await page.waitForSelector('body[data-ready="true"]', {timeout: 20_000})

      expect(await page.getAttribute('body', 'data-node-count')).toBe('4')
      // Open the hostile note's panel: its title and description are text, not markup.
      await page.evaluate(() => (window as any).__kbGraph.select('index'))
      expect(await page.textContent('#panel-title')).toBe(hostileTitle)
      expect(await page.textContent('#panel-description')).toBe('</script><script>window.__pwned=2</script>')
      expect(await page.locator('#panel img, #panel script, #panel iframe, #panel svg').count()).toBe(0)
      await page.evaluate(() => (window as any).__kbGraph.search('<'))

      expect(dialogs).toEqual([])
      expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined()
      expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([])
    } finally {
      await browser.close()
      fs.rmSync(root, {recursive: true, force: true})
      fs.rmSync(out, {force: true})
    }
  })

  it('has Chromium on CI', () => {
    if (process.env.CI) expect(chromiumAvailable, 'Chromium must be installed on CI (apt-get install -y chromium)').toBe(true)
  })
})
