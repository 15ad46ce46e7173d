/**
 * Native dialogs, where the host has them (the Electron shell implements this in electron/main).
 * The web host has none: its calls answer `supported: false` and the renderer falls back to main's
 * folder browser, an <input type="file">, and showing the path.
 */
export interface Dialogs {
  /** The chosen folder's absolute path, or null when the user cancelled. */
  chooseFolder(): Promise<string | null>;
  /**
   * The chosen topics file's name and text (see readTopicsText), or null when the user cancelled.
   * Throws InputError when the file cannot be read as text.
   */
  openTopicsFile(): Promise<{ name: string; text: string } | null>;
  /** Shows a folder in the system's file manager. Throws with the system's reason when it cannot. */
  openFolder(path: string): Promise<void>;
}
