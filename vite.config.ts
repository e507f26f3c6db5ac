import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precompressPlugin } from './src/build/precompress.ts';

/** The web dashboard (src/web) → dist/web, served by the platform's HTTP server at '/'. */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  publicDir: fileURLToPath(new URL('./src/web/public', import.meta.url)),
  base: '/',
  // .br and .gz beside each file, served by src/server/web-routes.ts to clients that accept them.
  plugins: [precompressPlugin()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
  server: {
    // `npx vite` for development: the API of a running `npm start` behind it.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
