/** Hooks for the e2e tests and the benchmark (`window.__shouhuDecoded` feeds a decoded QR text
 * through the camera's path; `window.__shouhuVerdictMs` collects decode → verdict times). They
 * exist only when this localStorage flag is set before the app starts (the e2e fixtures and
 * benchmarks/pwa.py set it with an init script), so a phone in service exposes neither. */
export const TEST_HOOKS_KEY = 'shouhu.testHooks'

function flagged(): boolean {
  try {
    return localStorage.getItem(TEST_HOOKS_KEY) === '1'
  } catch {
    return false // storage unavailable: no hooks
  }
}

/** Read once, at start. */
export const testHooks: boolean = flagged()
