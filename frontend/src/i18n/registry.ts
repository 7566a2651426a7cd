/** Every area's dictionary, merged by the shell. Adding an area = one import + one entry.
 * Words only the online screens use (vite.config.ts ONLINE_SCREENS, not precached) are in
 * online/<area>.ts instead and come with those screens (online/index.ts). */
import type { AreaDict } from './translate'
import audit from './audit'
import care from './care'
import gate from './gate'
import household from './household'
import medicine from './medicine'
import notices from './notices'
import office from './office'
import ops from './ops'
import safeguards from './safeguards'
import selfService from './selfService'
import shell from './shell'
import staff from './staff'
import terms from './terms'
import testing from './testing'

export const DICTIONARIES: readonly AreaDict[] = [shell, gate, household, notices, staff, ops, office, care, audit, testing, medicine, selfService, safeguards, terms]
