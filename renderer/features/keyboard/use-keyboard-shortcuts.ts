import { useEffect } from 'react';
import { usePacerStore } from '../../store/store-context.tsx';

/**
 * The window-wide shortcuts (shortcuts.ts lists them): Ctrl/Cmd+Enter starts the run from
 * anywhere in Setup, Esc closes the task panel, `?` shows the list. An open dialog keeps its keys
 * to itself, and `?` typed into a field is just a question mark.
 */
export function useKeyboardShortcuts(): void {
  const store = usePacerStore();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('[aria-modal="true"]')) return;
      const state = store.getState();
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && state.view === 'setup') {
        event.preventDefault();
        void state.createAndStartRun();
      } else if (event.key === 'Escape' && state.view === 'run' && state.selectedTaskId !== null) {
        event.preventDefault();
        state.selectTask(null);
      } else if (event.key === '?' && !event.ctrlKey && !event.metaKey && !isTyping(event.target)) {
        event.preventDefault();
        state.setShortcutsOpen(true);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}
