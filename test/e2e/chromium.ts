/**
 * Headless Chromium from Debian (`.ci/run` installs it), driven by
 * playwright-core, for the suites that open kb-lint's HTML graph page.
 * Offline: no network features, nothing fetched from outside the page.
 */
import fs from 'node:fs'
import type {Browser} from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const chromiumAvailable = fs.existsSync(CHROMIUM)

export async function launchChromium(): Promise<Browser> {
  const {chromium} = await import('playwright-core')
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}
