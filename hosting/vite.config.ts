import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

// The embedded server (scripts/embedded) serves the API and the Firebase web config on this port.
const embeddedServer = 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [vue()],
  resolve: {
    // The API's own schemas and types (functions/src), so the SPA never copies them by hand.
    alias: { '@functions': fileURLToPath(new URL('../functions/src', import.meta.url)) },
  },
  define: {
    // vue-i18n feature flags: composition API only, no devtools hooks in production.
    __VUE_I18N_LEGACY_API__: false,
    __VUE_I18N_FULL_INSTALL__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The framework everything shares gets one named, long-cached chunk; the Firebase SDK stays
          // in its own chunk, loaded only by the auth store's dynamic import; chart.js (and its colour
          // library) stays with the Reports page, the only one that draws charts.
          groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/](?!firebase|@firebase|chart\.js|@kurkle)/ }],
        },
      },
    },
  },
  server: {
    proxy: { '/api': embeddedServer, '/__/firebase': embeddedServer },
  },
});
