/**
 * The HTML graph colours notes by the first folder level where the base's
 * folders differ: a base kept under one top folder (`devops/…`) gets one
 * colour per subfolder, not one colour for everything. Checked in the page
 * itself (headless Chromium), through its legend.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {projectRoot} from '../fixtures.js'
import {chromiumAvailable, launchChromium} from './chromium.js'

const cli = path.join(projectRoot, 'dist', 'cli.js')
const temps: string[] = []
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, {recursive: true, force: true})
})

const note = (title: string, body = '') => `---\ntitle: ${title}\ndescription: D\n---\n${body}\n`

describe('the HTML graph of a base under one top folder', () => {
  it.runIf(chromiumAvailable)('has one colour per subfolder, named in the legend', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-colours-')))
    temps.push(root)
    const files: Record<string, string> = {
      'devops/index.md': note('Index', '[[devops/docker/a]] [[devops/kubernetes/b]] [[devops/ci/c]]'),
      'devops/docker/a.md': note('A', '[[devops/kubernetes/b]]'),
      'devops/docker/how-to/d.md': note('D', '[[devops/docker/a]]'),
      'devops/kubernetes/b.md': note('B'),
      'devops/ci/c.md': note('C')
    }
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), {recursive: true})
      fs.writeFileSync(path.join(root, name), text)
    }
    const out = path.join(root, 'graph.html')
    const result = spawnSync(process.execPath, [cli, 'graph', root, '--format', 'html', '-o', out, '--no-cache'], {encoding: 'utf8'})
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)

    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      await page.goto(pathToFileURL(out).href)
      await page.waitForSelector('body[data-ready="true"]', {timeout: 20_000})
      const legend = await page.$$eval('#legend li', (items) => items.map((item) => item.textContent))
      expect(legend).toEqual(['devops', 'devops/ci', 'devops/docker', 'devops/kubernetes'])
      const colours = await page.$$eval('#legend li .swatch', (items) => items.map((item) => (item as HTMLElement).style.background))
      expect(new Set(colours).size).toBe(4)
    } finally {
      await browser.close()
    }
  })
})
