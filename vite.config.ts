import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app: built into dist/web, which the server serves. `npm run dev:web` proxies the API
// to a running `lantern serve` on port 4321.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:4321' } },
});
