/** Screens that only show the server's data (the office's and the reports): with no network they
 * have nothing to show, so a gate phone does not download them before it works offline. The
 * build (vite.config.ts) puts their code, and whatever only they use (their words in
 * i18n/online/, their CSS), in assets/online/, which the service worker leaves out of its
 * precache and caches on first use. Each of them imports i18n/online first. */
export const ONLINE_SCREENS: readonly RegExp[] = [
  /\/src\/screens\/office\//,
  /\/src\/screens\/staff\/(Dashboard|DailyReport|ImportPeople|PassPrinting|Roster|ApiList|MedicineRuns|MedicineRegister|Appeals|BulkApprovals)\.tsx$/,
  /\/src\/screens\/testing\/(RoundPlan|Results)\.tsx$/,
]
