/** Loads a screen's code on first visit (all chunks are precached, so this works offline). */
import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { t } from '../i18n'
import type { ScreenProps } from '../routes'

type Loader = () => Promise<{ default: ComponentType<ScreenProps> }>

export function lazyScreen(load: Loader): ComponentType<ScreenProps> {
  let loaded: ComponentType<ScreenProps> | null = null
  return function LazyScreen(props: ScreenProps) {
    const [Screen, setScreen] = useState<ComponentType<ScreenProps> | null>(() => loaded)
    useEffect(() => {
      if (!loaded) {
        void load().then((module) => {
          loaded = module.default
          setScreen(() => module.default)
        })
      }
    }, [])
    return Screen ? <Screen {...props} /> : <p class="loading">{t('shell.loading')}</p>
  }
}
