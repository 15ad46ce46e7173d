import { visibleControls } from '../../shared/text/visible-controls.ts';
import type { SecretRedactor } from '../secrets/secret-redactor.ts';

/**
 * Everything the CLI prints passes through `terminalText`: API keys removed (a server may echo one
 * in an error), and control characters and terminal escapes from user data made visible, so a
 * hostile topic, column name or server message cannot drive the terminal. Line breaks and tabs
 * stay; JSON lines stay valid (visible-controls.ts). The only raw escape Pacer writes is its own
 * status-line redraw, through `control`.
 */
export interface TerminalStream {
  write(text: string): void;
  /** A control sequence of Pacer's own (clearing the status line), written as is. */
  control(sequence: string): void;
  readonly isTTY?: boolean;
}

export interface RawStream {
  write(text: string): void;
  readonly isTTY?: boolean;
}

export function terminalText(text: string, redactor: SecretRedactor): string {
  return visibleControls(redactor.redactText(text), 'keep-line-breaks');
}

export function terminalStream(stream: RawStream, redactor: SecretRedactor): TerminalStream {
  return {
    write: (text) => stream.write(terminalText(text, redactor)),
    control: (sequence) => stream.write(sequence),
    isTTY: stream.isTTY,
  };
}
