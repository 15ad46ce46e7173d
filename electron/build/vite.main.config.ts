import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { build, defineConfig } from 'vite';

/**
 * Main process: one CommonJS file, out/main/index.cjs (package.json "main"), for Electron 45's
 * Node 24, and beside it the simulator's worker thread, out/main/simulator-worker.cjs (below). Everything in package.json "dependencies" stays external and ships in node_modules:
 * better-sqlite3 has a native binary; gpt-tokenizer's vocabularies are required lazily at run time
 * (createRequire in count-tokens.ts) and are tens of MB; the rest run exactly as in the CLI and the
 * tests. electron-builder copies production dependencies anyway, so bundling them would only
 * ship them twice. Only our own code (electron/, shared/) is bundled.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
const runtimeDependencies = Object.keys(packageJson.dependencies);

function isExternal(id: string): boolean {
  if (id === 'electron' || id.startsWith('node:') || builtinModules.includes(id)) return true;
  return runtimeDependencies.some((name) => id === name || id.startsWith(`${name}/`));
}

/**
 * The built-in simulator runs in a worker thread (electron/providers/simulator/worker-host.ts),
 * and a worker needs a file of its own: after the main bundle is written, the worker's entry is
 * built the same way into simulator-worker.cjs beside index.cjs, where worker-host.ts looks for it.
 * It needs only Node's built-ins.
 */
function simulatorWorker(): Plugin {
  return {
    name: 'pacer:simulator-worker',
    apply: 'build',
    async writeBundle(output) {
      await build({
        configFile: false,
        root,
        publicDir: false,
        logLevel: 'warn',
        build: {
          ssr: 'electron/providers/simulator/simulator-worker.ts',
          outDir: output.dir,
          emptyOutDir: false,
          target: 'node24',
          sourcemap: false,
          minify: false,
          rolldownOptions: {
            external: isExternal,
            output: { format: 'cjs', entryFileNames: 'simulator-worker.cjs', codeSplitting: false },
          },
        },
      });
    },
  };
}

export default defineConfig({
  root,
  publicDir: false,
  plugins: [simulatorWorker()],
  build: {
    ssr: 'electron/main/index.ts',
    outDir: 'out/main',
    emptyOutDir: true,
    target: 'node24',
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      external: isExternal,
      output: { format: 'cjs', entryFileNames: 'index.cjs', codeSplitting: false },
    },
  },
});
