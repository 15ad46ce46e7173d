import { Modal } from '../../components/modal.tsx';
import { usePacer } from '../../store/store-context.tsx';
import { shortcutList } from './shortcuts.ts';

/** The `?` overlay: every shortcut, the desktop-only ones marked so in the browser. */
export function ShortcutsOverlay() {
  const open = usePacer((s) => s.shortcutsOpen);
  const setOpen = usePacer((s) => s.setShortcutsOpen);
  const electron = usePacer((s) => s.appInfo?.transport === 'electron');
  const mac = usePacer((s) => s.appInfo?.platform === 'darwin');
  if (!open) return null;
  return (
    <Modal title="Keyboard shortcuts" testId="shortcuts" onClose={() => setOpen(false)}>
      <table className="shortcuts-table">
        <tbody>
          {shortcutList(mac).map((shortcut) => (
            <tr key={shortcut.keys} data-testid="shortcut">
              <th scope="row">
                <kbd>{shortcut.keys}</kbd>
              </th>
              <td>
                {shortcut.does}
                {shortcut.desktopOnly && !electron ? <span className="muted"> (desktop app menu)</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
