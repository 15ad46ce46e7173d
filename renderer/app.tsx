import { AppBanners } from './features/banners/app-banners.tsx';
import { Toasts } from './features/banners/toasts.tsx';
import { HistoryView } from './features/history/history-view.tsx';
import { ShortcutsOverlay } from './features/keyboard/shortcuts-overlay.tsx';
import { useKeyboardShortcuts } from './features/keyboard/use-keyboard-shortcuts.ts';
import { ReviewView } from './features/review/review-view.tsx';
import { RunView } from './features/run/run-view.tsx';
import { FileDropTarget } from './features/setup/file-drop-target.tsx';
import { SetupView } from './features/setup/setup-view.tsx';
import { assertNever } from '../shared/assert-never.ts';
import { isGoing } from '../shared/run-view/run-time.ts';
import type { View } from './store/ui-slice.ts';
import { usePacer } from './store/store-context.tsx';
import './styles/base.css';
import './styles/controls.css';
import './styles/layout.css';

const TABS: readonly { readonly view: View; readonly label: string }[] = [
  { view: 'setup', label: 'Setup' },
  { view: 'run', label: 'Run' },
  { view: 'review', label: 'Review' },
  { view: 'history', label: 'History' },
];

export function App() {
  const view = usePacer((s) => s.view);
  const setView = usePacer((s) => s.setView);
  const hasRun = usePacer((s) => s.openRunId !== null);
  const phase = usePacer((s) => s.phase);
  const setShortcutsOpen = usePacer((s) => s.setShortcutsOpen);
  useKeyboardShortcuts();
  return (
    <div className="app" data-testid="app">
      <header className="app-header">
        <h1 className="app-title">Pacer</h1>
        <nav aria-label="Screens">
          {TABS.map((tab) => (
            <button
              key={tab.view}
              type="button"
              className="nav-tab"
              data-testid={`nav-${tab.view}`}
              aria-current={view === tab.view ? 'page' : undefined}
              disabled={(tab.view === 'run' || tab.view === 'review') && !hasRun}
              onClick={() => setView(tab.view)}
            >
              {tab.label}
              {tab.view === 'run' && isGoing(phase) ? <span className={`nav-dot nav-dot-${phase}`} aria-label={phase} /> : null}
            </button>
          ))}
        </nav>
        <button type="button" className="button-quiet shortcuts-button" data-testid="shortcuts-open" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setShortcutsOpen(true)}>
          ?
        </button>
      </header>
      <AppBanners />
      <main className="app-main">
        <Screen view={view} />
      </main>
      <Toasts />
      <FileDropTarget />
      <ShortcutsOverlay />
    </div>
  );
}

function Screen({ view }: { readonly view: View }) {
  switch (view) {
    case 'setup':
      return <SetupView />;
    case 'run':
      return <RunView />;
    case 'review':
      return <ReviewView />;
    case 'history':
      return <HistoryView />;
    default:
      return assertNever(view, 'view');
  }
}
