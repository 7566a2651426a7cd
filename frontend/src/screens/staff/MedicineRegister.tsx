/** 代登记 for grid workers in the field: a medicine request for a resident of their buildings
 * (the office has the same form as a tab of 代配药). */
import '../../i18n/online' // first: the words these screens bring
import { useLang } from '../../i18n'
import { Register } from './medicine/Register'
import './staff.css'

export default function MedicineRegister() {
  useLang()
  return (
    <section class="staff">
      <Register />
    </section>
  )
}
