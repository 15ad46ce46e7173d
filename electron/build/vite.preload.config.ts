import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { CALL_NAMES, EVENT_NAMES } from '../../shared/ipc/contract.ts';

/**
 * The preload: ONE CommonJS file, out/preload/index.cjs. A sandboxed preload may require only
 * 'electron' (and a few Node stand-ins), so everything else is bundled, and the build fails if
 * anything else is left to require.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const contractFile = fileURLToPath(new URL('../../shared/ipc/contract.ts', import.meta.url));

/**
 * The preload needs only the contract's two runtime allowlists, not its zod schemas (a few hundred
 * kB in every page's privileged world). The contract module is replaced by its allowlists,
 * computed from the real contract when the build runs, so they cannot drift from it; an import
 * of anything else from the contract fails the build as a missing export.
 */
function contractAllowlists(): Plugin {
  return {
    name: 'pacer-contract-allowlists',
    enforce: 'pre',
    load(id) {
      if (path.resolve(id.split('?')[0] ?? id) !== contractFile) return null;
      return `export const CALL_NAMES = ${JSON.stringify(CALL_NAMES)};\nexport const EVENT_NAMES = ${JSON.stringify(EVENT_NAMES)};\n`;
    },
  };
}

function onlyElectronRequired(): Plugin {
  return {
    name: 'pacer-preload-requires-only-electron',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
      if (chunks.length !== 1) this.error(`The preload must be one file; the build made ${chunks.length}: ${chunks.map((c) => c.fileName).join(', ')}`);
      const others = chunks.flatMap((chunk) => chunk.imports).filter((name) => name !== 'electron');
      if (others.length > 0) this.error(`A sandboxed preload can require only 'electron', but the bundle requires ${others.join(', ')}. Bundle it, or move that work to main.`);
    },
  };
}

export default defineConfig({
  root,
  publicDir: false,
  plugins: [contractAllowlists(), onlyElectronRequired()],
  build: {
    ssr: 'electron/preload/preload.ts',
    outDir: 'out/preload',
    emptyOutDir: true,
    target: 'node24',
    sourcemap: false,
    minify: false,
    rolldownOptions: {
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: 'index.cjs', codeSplitting: false },
    },
  },
});
