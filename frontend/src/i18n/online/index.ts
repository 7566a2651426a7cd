/** The words of the screens that are not precached: each of them imports this module first, so
 * its words arrive with its code (a phone that never opens them never downloads them). */
import { registerWords } from '..'
import audit from './audit'
import medicine from './medicine'
import office from './office'
import ops from './ops'
import records from './records'
import safeguards from './safeguards'
import testing from './testing'

registerWords(audit, medicine, office, ops, records, safeguards, testing)
