import { useEffect, useState } from 'react';
import { useLoadTopicsFile } from './use-load-topics-file.ts';
import '../../styles/drop.css';

/**
 * Lets a topics file be dropped anywhere on the window. The listeners sit on the window, and
 * every file drag is cancelled there, so a file dropped beside the target never makes the page
 * navigate to it.
 */
export function FileDropTarget() {
  const load = useLoadTopicsFile();
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let depth = 0;
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      const file = event.dataTransfer?.files[0];
      if (!carriesFiles(event) && !file) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      if (file) void load(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [load]);

  if (!dragging) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <p>Drop a .csv, .tsv or .txt file to load its topics</p>
    </div>
  );
}
