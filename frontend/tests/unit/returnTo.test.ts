import { describe, expect, it } from 'vitest'
import { type GuardedRoute, afterSignIn, signInPath, signInTab } from '../../src/app/returnTo'

const ROUTES: GuardedRoute[] = [
  { path: '/signin', public: true },
  { path: '/' },
  { path: '/gate', roles: ['gate_volunteer', 'staff'], startFor: ['gate_volunteer'] },
  { path: '/household', roles: ['resident'], startFor: ['resident'] },
  { path: '/notices/:id', roles: ['resident', 'staff', 'gate_volunteer'] },
]

describe('sign-in return path', () => {
  it('remembers where a signed-out person was going', () => {
    expect(signInPath('/notices/abc')).toBe('/signin?next=%2Fnotices%2Fabc')
    expect(signInPath('/notices/abc?x=1')).toBe(`/signin?next=${encodeURIComponent('/notices/abc?x=1')}`)
    expect(signInPath('/')).toBe('/signin')
    expect(signInPath('/signin')).toBe('/signin')
  })

  it('goes there after sign-in when the role may open it', () => {
    expect(afterSignIn('/notices/abc', 'resident', ROUTES)).toBe('/notices/abc')
    expect(afterSignIn('/notices/abc', 'staff', ROUTES)).toBe('/notices/abc')
    expect(afterSignIn('/household', 'gate_volunteer', ROUTES)).toBe('/gate')
    expect(afterSignIn(null, 'resident', ROUTES)).toBe('/household')
    expect(afterSignIn('/nowhere/at/all', 'resident', ROUTES)).toBe('/household')
    expect(afterSignIn('/signin', 'resident', ROUTES)).toBe('/household')
    expect(afterSignIn('/notices/abc', 'officer', ROUTES)).toBe('/')
  })

  it('never leaves the app', () => {
    for (const next of ['https://evil.example/notices/1', '//evil.example/notices/1', '/\\evil.example', 'notices/1']) {
      expect(afterSignIn(next, 'resident', ROUTES)).toBe('/household')
    }
  })
})

describe('the sign-in tab', () => {
  it('is the one a link names', () => {
    expect(signInTab(null, 'resident', ROUTES)).toBe('resident')
    expect(signInTab('/household', 'staff', ROUTES)).toBe('staff')
  })
  it("is the resident's for a page only residents open, or a notice", () => {
    expect(signInTab('/household', null, ROUTES)).toBe('resident')
    expect(signInTab('/household?tab=orders', null, ROUTES)).toBe('resident')
    expect(signInTab('/notices/abc', null, ROUTES)).toBe('resident')
    expect(signInTab('/gate', null, ROUTES)).toBe('staff')
  })
  it('is the one this phone last used, else staff', () => {
    expect(signInTab(null, null, ROUTES, 'resident')).toBe('resident')
    expect(signInTab('/gate', null, ROUTES, 'resident')).toBe('resident')
    expect(signInTab(null, null, ROUTES)).toBe('staff')
    expect(signInTab(null, 'nonsense', ROUTES)).toBe('staff')
  })
})
