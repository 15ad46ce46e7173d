import { createReadStream, realpathSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

/**
 * The built renderer, served read-only from one folder. A request path is decoded segment by
 * segment and refused (404) if any segment could leave the folder or name another root: `..`,
 * `.`, an encoded `/` or `\`, a drive letter, a NUL; the resolved file must still be inside the
 * folder once symlinks are resolved. Nothing is listed; `/` is index.html.
 */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file a request path names inside `root`, or null when it is not a plain path inside it. */
export function staticFilePath(root: string, requestTarget: string): string | null {
  const pathname = requestTarget.split(/[?#]/, 1)[0] ?? '';
  if (!pathname.startsWith('/')) return null; // "*" or an absolute-form URL
  if (pathname === '/') return path.join(root, 'index.html');
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null; // malformed %-encoding
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) return null;
    segments.push(segment);
  }
  const file = path.join(root, ...segments);
  return file.startsWith(root + path.sep) ? file : null;
}

/**
 * The built renderer folder: `dir` to join request paths onto, `real` with its symlinks resolved,
 * once at start, for checking each file's real path against (a request resolves only its file).
 */
export interface StaticRoot {
  readonly dir: string;
  readonly real: string;
}

export function staticRoot(dir: string): StaticRoot {
  const resolved = path.resolve(dir);
  try {
    return { dir: resolved, real: realpathSync(resolved) };
  } catch {
    return { dir: resolved, real: resolved }; // not built yet: every request is a 404 that says so
  }
}

/** `file` (from staticFilePath) if it is a regular file that is still inside the root once symlinks are resolved. */
export async function staticFile(root: StaticRoot, file: string): Promise<{ readonly real: string; readonly size: number } | null> {
  try {
    const real = await realpath(file);
    if (!real.startsWith(root.real + path.sep)) return null;
    const info = await stat(real);
    return info.isFile() ? { real, size: info.size } : null;
  } catch {
    return null;
  }
}

/** Serves `file` (from staticFilePath) if staticFile finds it; false when there is none. */
export async function sendStaticFile(res: ServerResponse, file: string, root: StaticRoot, headOnly: boolean): Promise<boolean> {
  const found = await staticFile(root, file);
  if (!found) return false;
  const { real, size } = found;
  // A local app rebuilt in place: always revalidate rather than run yesterday's bundle.
  res.writeHead(200, { 'Content-Type': contentTypeOf(real), 'Content-Length': size, 'Cache-Control': 'no-cache' });
  if (headOnly) {
    res.end();
    return true;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(real);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(res);
  });
  return true;
}
