/** Every area's dictionary, merged by the shell. Adding an area = one import + one entry. */
import type { AreaDict } from './translate'
import audit from './audit'
import care from './care'
import gate from './gate'
import household from './household'
import notices from './notices'
import office from './office'
import ops from './ops'
import records from './records'
import safeguards from './safeguards'
import shell from './shell'
import staff from './staff'
import terms from './terms'
import testing from './testing'

export const DICTIONARIES: readonly AreaDict[] = [shell, gate, household, notices, staff, ops, records, office, care, audit, testing, safeguards, terms]
