/// <reference types="vitest/config" />
import preact from '@preact/preset-vite'
import { type Plugin, defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import { ONLINE_SCREENS } from './src/app/onlineScreens.ts'

const ONLINE_DIR = 'assets/online'

/** The modules an offline screen can reach: from the entry and every screen not in ONLINE_SCREENS,
 * through static and dynamic imports. A chunk none of whose modules is among them is online only. */
function offlineModules(): { plugin: Plugin; reached: Set<string>; all: Set<string> } {
  const reached = new Set<string>()
  const all = new Set<string>()
  const plugin: Plugin = {
    name: 'shouhu-offline-modules',
    apply: 'build',
    buildEnd() {
      reached.clear()
      all.clear()
      for (const id of this.getModuleIds()) all.add(id)
      const todo = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry)
      while (todo.length) {
        const id = todo.pop()!
        if (reached.has(id)) continue
        reached.add(id)
        const info = this.getModuleInfo(id)
        if (!info) continue
        todo.push(...info.importedIds, ...info.dynamicallyImportedIds.filter((d) => !ONLINE_SCREENS.some((re) => re.test(d))))
      }
    },
  }
  return { plugin, reached, all }
}
const offline = offlineModules()
const onlineOnly = (moduleIds: readonly string[]) =>
  moduleIds.length > 0 && moduleIds.every((id) => !offline.reached.has(id))
/** A style sheet emitted under its file's name (office.css) that no offline module imports. */
const onlineCss = (name: string) => {
  const files = [...offline.all].filter((id) => name.endsWith('.css') && id.endsWith(`/${name}`))
  return files.length > 0 && files.every((id) => !offline.reached.has(id))
}

// The gateway serves dist/ at "/" (GATEWAY_FRONTEND_DIR); the API is same-origin under /api.
export default defineConfig({
  plugins: [
    preact(),
    offline.plugin,
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt', // never reload a gate phone mid-scan: the shell offers "有新版本 · 刷新"
      injectRegister: false,
      includeAssets: ['icons/*.png'],
      manifest: {
        name: '守护',
        short_name: '守护',
        description: '守护 社区防控：卡口核验、住户卡、配送',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: '#b71c1c',
        icons: [
          // drawn by scripts/make_icons.py: a house with 守, no cross (the red cross is a
          // protected emblem in China); maskable ones are full-bleed with the house in the safe zone
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/docs/, /^\/openapi\.json/, /^\/healthz/, /^\/readyz/, /^\/metrics/],
        cleanupOutdatedCaches: true,
        // the first install takes the open page over, so the screens opened on that first visit
        // are cached too (an update still waits for "刷新": registerType 'prompt', no skipWaiting)
        clientsClaim: true,
        globIgnores: [`${ONLINE_DIR}/**`],
        runtimeCaching: [
          {
            // content-hashed names: a cached file never goes stale, a new build asks for new names
            urlPattern: /\/assets\/online\//,
            handler: 'CacheFirst',
            options: { cacheName: 'shouhu-online-screens', expiration: { maxEntries: 120 } },
          },
        ],
      },
    }),
  ],
  build: {
    target: 'es2020',
    sourcemap: false,
    rollupOptions: {
      output: {
        chunkFileNames: (chunk) => `${onlineOnly(chunk.moduleIds) ? ONLINE_DIR : 'assets'}/[name]-[hash].js`,
        assetFileNames: (asset) => `${asset.names.length > 0 && asset.names.every(onlineCss) ? ONLINE_DIR : 'assets'}/[name]-[hash][extname]`,
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8000' } },
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['tests/unit/setup.ts'],
  },
})
