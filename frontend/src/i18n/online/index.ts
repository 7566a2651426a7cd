/** The words of the screens that are not precached: each of them imports this module first, so
 * its words arrive with its code (a phone that never opens them never downloads them). */
import { registerWords } from '..'
import audit from './audit'
import office from './office'
import ops from './ops'
import records from './records'
import testing from './testing'

registerWords(audit, office, ops, records, testing)
