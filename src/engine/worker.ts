/**
 * A parse worker (piscina): builds its own settings from the loaded config
 * once, then turns batches of notes into summaries with the same `parseNote`
 * as the main thread — which is what makes `--jobs N` results identical to a
 * single-thread run.
 */
import {workerData} from 'node:worker_threads'
import {createSettings} from '../config/settings.js'
import type {LoadedConfig} from '../config/types.js'
import type {NoteSummary} from '../kb/model.js'
import {rules} from '../rules/index.js'
import {parseNote, type NoteToParse} from './read-note.js'

export interface WorkerTask {
  notes: NoteToParse[]
}

const {config, withText} = workerData as {config: LoadedConfig; withText: boolean}
const settings = createSettings(config, rules)

export default function parseBatch(task: WorkerTask): NoteSummary[] {
  return task.notes.map((note) => parseNote(note, settings, withText))
}
