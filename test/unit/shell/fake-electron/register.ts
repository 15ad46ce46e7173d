import { registerHooks } from 'node:module';

/**
 * `node --import ./register.ts out/main/index.cjs`: the built main bundle's require('electron')
 * gets fake-electron.ts instead of the real package (which would try to download its binary), so
 * the bundle boots in plain Node: wiring, the backend, the store and IPC run for real.
 */
const fake = new URL('./fake-electron.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: fake, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
