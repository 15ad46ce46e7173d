import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const STYLES = path.join(import.meta.dirname, '../../../../renderer/styles');

/**
 * Vitest does not apply the CSS the components import, so a rule that changes what the user reads
 * (a heading's `text-transform`) would go unseen. This adds every app stylesheet to the document;
 * happy-dom then computes inherited styles as a browser does. Returns the removal.
 */
export function applyAppStyles(): () => void {
  const style = document.createElement('style');
  style.textContent = readdirSync(STYLES)
    .filter((name) => name.endsWith('.css'))
    .map((name) => readFileSync(path.join(STYLES, name), 'utf8'))
    .join('\n');
  document.head.append(style);
  return () => style.remove();
}
