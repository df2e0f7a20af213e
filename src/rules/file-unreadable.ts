import type {EngineRule} from './types.js'

/** Reported by the engine when a note cannot be read (permissions, vanished, too large). */
export const fileUnreadable: EngineRule = {
  scope: 'engine',
  meta: {
    id: 'file-unreadable',
    description: 'A note that cannot be read: permission denied, deleted during the run, or over the size limit.',
    defaultSeverity: 'error'
  }
}
