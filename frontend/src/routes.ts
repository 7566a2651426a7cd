/** The route table: every screen of the PWA. Adding a screen = its file under src/screens/<area>/
 * plus one line here (and its words in src/i18n/<area>.ts). */
import type { ComponentType } from 'preact'
import { lazyScreen } from './app/lazy'
import type { Role } from './auth/session'
import Home from './screens/shell/Home'
import SignIn from './screens/shell/SignIn'

export interface ScreenProps {
  params: Record<string, string>
}

export interface Route {
  path: string
  screen: ComponentType<ScreenProps>
  /** Who may open it; absent = anyone signed in; `public` = also signed out. */
  roles?: Role[]
  public?: boolean
  /** i18n key of the title shown in the top bar and on the home menu. */
  title: string
  /** Listed on the home screen for the roles above. */
  menu?: boolean
  /** The screen to open first after sign-in for these roles. */
  startFor?: Role[]
}

const GATE: Role[] = ['gate_volunteer', 'staff', 'admin']
/** Office and field staff: household files, screening, follow-ups, door deliveries. */
const FIELD: Role[] = ['staff', 'admin', 'grid_worker']
/** The community office. */
const OFFICE: Role[] = ['staff', 'admin']
/** Everyone who takes shifts and tasks. */
const CREW: Role[] = ['staff', 'admin', 'grid_worker', 'gate_volunteer']
/** Who samples at a testing round (registry `sampling:record`). */
const SAMPLERS: Role[] = ['staff', 'admin', 'grid_worker', 'gate_volunteer']
/** Who may read notices (registry `notices:read`): residents and every staff role. */
const NOTICE_READERS: Role[] = ['resident', 'staff', 'admin', 'grid_worker', 'gate_volunteer', 'officer']

export const ROUTES: Route[] = [
  { path: '/signin', screen: SignIn, public: true, title: 'shell.signin.title' },
  { path: '/visit', screen: lazyScreen(() => import('./screens/visit/VisitForm')), public: true, title: 'selfService.visit.title' },
  { path: '/', screen: Home, title: 'shell.home.title' },
  { path: '/gate', screen: lazyScreen(() => import('./screens/gate/GateScreen')), roles: GATE, title: 'gate.title', menu: true, startFor: ['gate_volunteer'] },
  { path: '/gate/visitor', screen: lazyScreen(() => import('./screens/gate/VisitorForm')), roles: GATE, title: 'gate.visitor.title', menu: true },
  { path: '/gate/returnee', screen: lazyScreen(() => import('./screens/gate/ReturneeForm')), roles: GATE, title: 'gate.returnee.title', menu: true },
  { path: '/household', screen: lazyScreen(() => import('./screens/household/HouseholdCard')), roles: ['resident'], title: 'household.title', menu: true, startFor: ['resident'] },
  { path: '/household/orders', screen: lazyScreen(() => import('./screens/household/Orders')), roles: ['resident'], title: 'household.orders.title', menu: true },
  { path: '/household/orders/new', screen: lazyScreen(() => import('./screens/household/NewOrder')), roles: ['resident'], title: 'household.newOrder.title' },
  { path: '/household/orders/:id', screen: lazyScreen(() => import('./screens/household/OrderTracking')), roles: ['resident'], title: 'household.tracking.title' },
  { path: '/household/medicine', screen: lazyScreen(() => import('./screens/household/MedicineRequests')), roles: ['resident'], title: 'medicine.ask.open', menu: true },
  { path: '/notices', screen: lazyScreen(() => import('./screens/household/NoticeList')), roles: NOTICE_READERS, title: 'notices.title' },
  { path: '/notices/:id', screen: lazyScreen(() => import('./screens/household/NoticeView')), roles: NOTICE_READERS, title: 'notices.one.title' },
  { path: '/staff/dashboard', screen: lazyScreen(() => import('./screens/staff/Dashboard')), roles: OFFICE, title: 'ops.dashboard.title', menu: true, startFor: ['staff', 'admin'] },
  { path: '/staff/list', screen: lazyScreen(() => import('./screens/staff/ApiList')), roles: OFFICE, title: 'ops.list.title' },
  { path: '/staff/search', screen: lazyScreen(() => import('./screens/staff/HouseholdSearch')), roles: FIELD, title: 'staff.search.title', menu: true },
  { path: '/staff/households/:id', screen: lazyScreen(() => import('./screens/staff/HouseholdFile')), roles: FIELD, title: 'staff.household.title' },
  { path: '/staff/screening', screen: lazyScreen(() => import('./screens/staff/ScreeningList')), roles: FIELD, title: 'staff.screening.title', menu: true, startFor: ['grid_worker'] },
  { path: '/staff/screening/:householdId', screen: lazyScreen(() => import('./screens/staff/ScreeningForm')), roles: FIELD, title: 'staff.screening.formTitle' },
  { path: '/staff/follow-ups', screen: lazyScreen(() => import('./screens/staff/FollowUpList')), roles: FIELD, title: 'staff.followUp.title', menu: true },
  { path: '/staff/audit-log', screen: lazyScreen(() => import('./screens/office/AuditLog')), roles: ['admin'], title: 'audit.title', menu: true },
  { path: '/staff/appeals', screen: lazyScreen(() => import('./screens/staff/Appeals')), roles: FIELD, title: 'safeguards.staff.title', menu: true },
  { path: '/staff/bulk-approvals', screen: lazyScreen(() => import('./screens/staff/BulkApprovals')), roles: OFFICE, title: 'safeguards.bulk.title', menu: true },
  { path: '/staff/care', screen: lazyScreen(() => import('./screens/staff/CareList')), roles: FIELD, title: 'care.title', menu: true },
  { path: '/staff/medicine', screen: lazyScreen(() => import('./screens/staff/MedicineRuns')), roles: OFFICE, title: 'medicine.title', menu: true },
  { path: '/staff/medicine/register', screen: lazyScreen(() => import('./screens/staff/MedicineRegister')), roles: ['grid_worker'], title: 'medicine.register.title', menu: true },
  { path: '/staff/custody', screen: lazyScreen(() => import('./screens/staff/MyCustody')), roles: CREW, title: 'medicine.mine.title', menu: true },
  { path: '/staff/follow-ups/:quarantineId/:personId', screen: lazyScreen(() => import('./screens/staff/FollowUpEntry')), roles: FIELD, title: 'staff.followUp.entryTitle' },
  { path: '/staff/deliveries', screen: lazyScreen(() => import('./screens/staff/DoorDeliveries')), roles: FIELD, title: 'staff.delivery.title', menu: true },
  { path: '/staff/shifts', screen: lazyScreen(() => import('./screens/staff/MyShifts')), roles: CREW, title: 'ops.shifts.title', menu: true },
  { path: '/staff/tasks', screen: lazyScreen(() => import('./screens/staff/Tasks')), roles: CREW, title: 'ops.tasks.title', menu: true },
  { path: '/staff/disinfections', screen: lazyScreen(() => import('./screens/staff/DisinfectionForm')), roles: CREW, title: 'ops.disinfection.title', menu: true },
  { path: '/staff/notices', screen: lazyScreen(() => import('./screens/staff/Notices')), roles: FIELD, title: 'ops.notices.title', menu: true },
  { path: '/staff/dispatch', screen: lazyScreen(() => import('./screens/staff/DispatchLog')), roles: [...FIELD, 'officer'], title: 'ops.dispatch.title', menu: true },
  { path: '/staff/report', screen: lazyScreen(() => import('./screens/staff/DailyReport')), roles: [...OFFICE, 'officer'], title: 'ops.report.title', menu: true, startFor: ['officer'] },
  { path: '/staff/import', screen: lazyScreen(() => import('./screens/staff/ImportPeople')), roles: OFFICE, title: 'ops.import.title', menu: true },
  { path: '/staff/passes/print', screen: lazyScreen(() => import('./screens/staff/PassPrinting')), roles: OFFICE, title: 'ops.print.title', menu: true },
  { path: '/staff/roster', screen: lazyScreen(() => import('./screens/staff/Roster')), roles: OFFICE, title: 'ops.roster.title', menu: true },
  { path: '/staff/roster/workers/new', screen: lazyScreen(() => import('./screens/office/WorkerForm')), roles: OFFICE, title: 'office.worker.newTitle' },
  { path: '/staff/roster/workers/:id', screen: lazyScreen(() => import('./screens/office/WorkerForm')), roles: OFFICE, title: 'office.worker.title' },
  { path: '/staff/roster/week', screen: lazyScreen(() => import('./screens/office/ShiftWeek')), roles: OFFICE, title: 'office.week.title', menu: true },
  { path: '/staff/roster/coverage', screen: lazyScreen(() => import('./screens/office/Coverage')), roles: OFFICE, title: 'office.coverage.title', menu: true },
  { path: '/staff/roster/templates', screen: lazyScreen(() => import('./screens/office/ShiftTemplates')), roles: OFFICE, title: 'office.template.title' },
  { path: '/staff/roster/shifts/:id', screen: lazyScreen(() => import('./screens/office/ShiftDetail')), roles: OFFICE, title: 'office.shift.title' },
  { path: '/staff/rules', screen: lazyScreen(() => import('./screens/office/CommunityRules')), roles: OFFICE, title: 'office.rules.title', menu: true },
  { path: '/staff/grid', screen: lazyScreen(() => import('./screens/office/GridAssignments')), roles: OFFICE, title: 'office.grid.title', menu: true },
  { path: '/staff/tasks/manage', screen: lazyScreen(() => import('./screens/office/TaskBoard')), roles: OFFICE, title: 'office.task.boardTitle', menu: true },
  { path: '/staff/disinfections/schedules', screen: lazyScreen(() => import('./screens/office/DisinfectionSchedules')), roles: OFFICE, title: 'office.schedule.title', menu: true },
  { path: '/staff/referrals', screen: lazyScreen(() => import('./screens/office/Referrals')), roles: OFFICE, title: 'office.referral.title', menu: true },
  { path: '/staff/households/:id/quarantine', screen: lazyScreen(() => import('./screens/office/QuarantineOrders')), roles: OFFICE, title: 'office.quarantine.title' },
  { path: '/staff/testing', screen: lazyScreen(() => import('./screens/testing/Rounds')), roles: SAMPLERS, title: 'testing.title', menu: true },
  { path: '/staff/testing/:id', screen: lazyScreen(() => import('./screens/testing/RoundPlan')), roles: OFFICE, title: 'testing.plan.title' },
  { path: '/staff/testing/:id/missing', screen: lazyScreen(() => import('./screens/testing/MissingList')), roles: FIELD, title: 'testing.missing.title' },
  { path: '/staff/testing/:id/results', screen: lazyScreen(() => import('./screens/testing/Results')), roles: OFFICE, title: 'testing.results.title' },
  { path: '/sampling', screen: lazyScreen(() => import('./screens/testing/Sampler')), roles: SAMPLERS, title: 'testing.sampler.title', menu: true },
  { path: '/sampling/:roundId', screen: lazyScreen(() => import('./screens/testing/Sampler')), roles: SAMPLERS, title: 'testing.sampler.title' },
]
