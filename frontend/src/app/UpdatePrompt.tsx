/** A new version is offered, never forced: a reload mid-scan would lose the volunteer's work. */
import { useRegisterSW } from 'virtual:pwa-register/preact'
import { t } from '../i18n'

export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      // look for a new version hourly (a gate phone stays open all shift)
      if (registration) setInterval(() => void registration.update(), 3600_000)
    },
  })
  if (!needRefresh) return null
  return (
    <div class="update" role="status" data-testid="update">
      <span>{t('shell.update.available')}</span>
      <button onClick={() => void updateServiceWorker(true)}>{t('shell.update.reload')}</button>
    </div>
  )
}
