/** Loads a screen's code on first visit. The screens that work offline are precached; the
 * online-only ones (app/onlineScreens.ts) are downloaded the first time they open and then kept,
 * so one never opened before cannot open with no network: it says so and offers a retry. */
import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { t } from '../i18n'
import type { ScreenProps } from '../routes'

type Loader = () => Promise<{ default: ComponentType<ScreenProps> }>

export function lazyScreen(load: Loader): ComponentType<ScreenProps> {
  let loaded: ComponentType<ScreenProps> | null = null
  return function LazyScreen(props: ScreenProps) {
    const [Screen, setScreen] = useState<ComponentType<ScreenProps> | null>(() => loaded)
    const [failed, setFailed] = useState(false)
    const [attempt, setAttempt] = useState(0)
    useEffect(() => {
      if (loaded) return
      load().then(
        (module) => {
          loaded = module.default
          setScreen(() => module.default)
        },
        () => setFailed(true),
      )
    }, [attempt])
    if (Screen) return <Screen {...props} />
    if (failed) {
      return (
        <div class="screen-unavailable" data-testid="screen-unavailable">
          <p>{t('shell.screen.unavailable')}</p>
          <button type="button" class="secondary" onClick={() => (setFailed(false), setAttempt((n) => n + 1))}>
            {t('shell.screen.retry')}
          </button>
        </div>
      )
    }
    return <p class="loading">{t('shell.loading')}</p>
  }
}
