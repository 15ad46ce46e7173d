/** Every keyboard shortcut, for the `?` overlay; the desktop app's menu shows its own next to each item. */
export interface Shortcut {
  readonly keys: string;
  readonly does: string;
  /** Only where the desktop app's menu provides it. */
  readonly desktopOnly?: boolean;
}

export function shortcutList(mac: boolean): readonly Shortcut[] {
  const mod = mac ? '⌘' : 'Ctrl';
  return [
    { keys: `${mod}+Enter`, does: 'Start the run (on Setup, from any field)' },
    { keys: 'Esc', does: 'Close the task panel or the dialog that is open' },
    { keys: '↑ / ↓', does: 'Select the previous or next task (in the task table)' },
    { keys: '?', does: 'Show these shortcuts' },
    { keys: `${mod}+N`, does: 'New run (Setup)', desktopOnly: true },
    { keys: `${mod}+O`, does: 'Open a topics file', desktopOnly: true },
    { keys: `${mod}+E`, does: 'Export the open run', desktopOnly: true },
    { keys: `${mod}+Shift+P`, does: 'Pause or resume the open run', desktopOnly: true },
  ];
}
