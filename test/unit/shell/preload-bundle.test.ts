import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES } from '../../../shared/ipc/contract.ts';
import type { PacerBridge } from '../../../shared/ipc/contract.ts';

/**
 * The built preload (vite.preload.config.ts → index.cjs) run the way a sandboxed preload runs: a
 * script whose `require` knows only 'electron'. It must expose exactly `window.pacer`, built on
 * the contract's allowlists without carrying the contract's schemas.
 */
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cacheDir = path.join(projectRoot, 'node_modules', '.cache');
fs.mkdirSync(cacheDir, { recursive: true });
const scratch = fs.mkdtempSync(path.join(cacheDir, 'pacer-preload-bundle-'));
let code = '';

beforeAll(async () => {
  await build({ configFile: path.join(projectRoot, 'electron/build/vite.preload.config.ts'), logLevel: 'silent', build: { outDir: scratch } });
  expect(fs.readdirSync(scratch)).toEqual(['index.cjs']);
  code = fs.readFileSync(path.join(scratch, 'index.cjs'), 'utf8');
}, 60_000);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function runPreload() {
  const exposed = new Map<string, unknown>();
  const ipcRenderer = { invoke: vi.fn(async () => ({ ok: true, value: 'answer' })), on: vi.fn(), removeListener: vi.fn() };
  const required: string[] = [];
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`module not found: ${name}`);
    return { ipcRenderer, contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) } };
  };
  vm.runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {} });
  return { exposed, ipcRenderer, required };
}

describe('the preload bundle', () => {
  it("requires only 'electron' and exposes only window.pacer", () => {
    const { exposed, required } = runPreload();
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['pacer']);
  });

  it("carries the contract's allowlists, not its zod schemas", () => {
    expect(code).not.toMatch(/zod|safeParse|ZodObject/);
    for (const name of CALL_NAMES) expect(code).toContain(JSON.stringify(name));
  });

  it('passes contract calls to ipcRenderer and refuses the rest', async () => {
    const { exposed, ipcRenderer } = runPreload();
    const pacer = exposed.get('pacer') as PacerBridge;
    await expect(pacer.call('runs.list', {})).resolves.toEqual({ ok: true, value: 'answer' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('pacer:call:runs.list', {});
    await expect(pacer.call('shell.openExternal' as never, {} as never)).resolves.toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(1);
  });
});
