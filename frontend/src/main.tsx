import { render } from 'preact'
import { Root } from './app/App'
import './app/testHooks' // its flag is read at start
import { lang } from './i18n'
import './styles.css'

document.documentElement.lang = lang()
render(<Root />, document.getElementById('app')!)
