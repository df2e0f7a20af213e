import type {EngineRule} from './types.js'

/** Reported by the engine when a note cannot be read (permissions, vanished, too large) or is beyond the limits (too deeply nested). */
export const fileUnreadable: EngineRule = {
  scope: 'engine',
  meta: {
    id: 'file-unreadable',
    description:
      'A note that cannot be read: permission denied, deleted during the run, over the size limit, or nested too deeply to parse.',
    defaultSeverity: 'error',
    reads: 'note',
    suppressible: false
  }
}
