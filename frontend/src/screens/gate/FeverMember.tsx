/** On a fever: whose it is, picked from the pass's household (masked names), so the referral
 * names the person; the birth year tells apart members whose masked names look alike. Needs the network; offline the fever stays flagged on the log for staff. */
import { useEffect, useState } from 'preact/hooks'
import { type GateMember, passMembers } from '../../api/gate'
import { t, term } from '../../i18n'

export function FeverMember({ passId, gateId, value, onChange }: {
  passId: string
  gateId: string
  value: string | null
  onChange(personId: string | null): void
}) {
  const [members, setMembers] = useState<GateMember[] | null>(null)
  useEffect(() => {
    let cancelled = false
    passMembers(passId, gateId)
      .then((list) => {
        if (cancelled) return
        setMembers(list)
        if (list.length === 1) onChange(list[0].person_id)
      })
      .catch(() => !cancelled && setMembers([]))
    return () => void (cancelled = true)
  }, [passId, gateId])
  if (members === null) return null
  if (members.length === 0) return <p class="hint fever-who">{t('gate.fever.whoUnknown')}</p>
  return (
    <div class="fever-who" role="group" aria-label={t('gate.fever.who')} data-testid="fever-who">
      <span>{t('gate.fever.who')}</span>
      {members.map((m) => (
        <button
          key={m.person_id}
          type="button"
          aria-pressed={value === m.person_id}
          onClick={() => onChange(value === m.person_id ? null : m.person_id)}
        >
          {m.name}
          <small>
            {term('relation', m.relation)}
            {m.birth_year !== null && ` · ${t('gate.fever.born', { year: m.birth_year })}`}
          </small>
        </button>
      ))}
    </div>
  )
}
