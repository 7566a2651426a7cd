import { backspace, padDisplay, pressDigit } from '../../gate/temperature'
import { t } from '../../i18n'

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back']

export function TemperaturePad({ digits, onChange }: { digits: string; onChange(next: string): void }) {
  return (
    <div class="pad-wrap">
      <output class="pad-display" data-testid="temperature">
        {padDisplay(digits)} <small>°C</small>
      </output>
      <div class="pad" role="group" aria-label={t('gate.temperature')}>
        {KEYS.map((key) => (
          <button
            key={key}
            type="button"
            class={`pad-key ${key.length > 1 ? 'pad-fn' : ''}`}
            data-key={key}
            onClick={() => onChange(key === 'back' ? backspace(digits) : key === 'clear' ? '' : pressDigit(digits, key))}
          >
            {key === 'back' ? '⌫' : key === 'clear' ? t('gate.pad.clear') : key}
          </button>
        ))}
      </div>
    </div>
  )
}
