/**
 * A parse worker (piscina): builds its own settings from the loaded config
 * once, then turns batches of note bytes into summaries. Running the same
 * `analyzeNote` as the main thread is what makes `--jobs N` results
 * identical to a single-thread run.
 */
import {workerData} from 'node:worker_threads'
import {createSettings} from '../config/settings.js'
import type {LoadedConfig} from '../config/types.js'
import type {NoteSummary} from '../kb/model.js'
import {rules} from '../rules/index.js'
import {analyzeNote} from './analyze.js'

export interface WorkerTask {
  notes: Array<{relative: string; bytes: Uint8Array; hash: string}>
}

const {config, withText} = workerData as {config: LoadedConfig; withText: boolean}
const settings = createSettings(config, rules)

export default function parseBatch(task: WorkerTask): NoteSummary[] {
  return task.notes.map(({relative, bytes, hash}) => analyzeNote({relative, bytes, hash, config: settings.forNote(relative), withText}))
}
