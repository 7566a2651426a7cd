/** The dispatch meeting form's text fields → the lists the API takes. */

/** "刘红、李敏, 王强" → ["刘红", "李敏", "王强"]. */
export function names(text: string): string[] {
  return text
    .split(/[、,，;；\s]+/)
    .map((n) => n.trim())
    .filter(Boolean)
}

/** One decision per line, blank lines dropped. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
}

/** A `datetime-local` value ("2026-11-24T18:00") in the community's time (UTC+8, no DST) → ISO. */
export function localToIso(value: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+08:00` : undefined
}
