import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES, isEventName } from '../../shared/ipc/contract.ts';
import type { Result } from '../../shared/ipc/contract.ts';
import type { PacerApp } from '../app/pacer-app.ts';
import { knownSecrets } from '../secrets/secret-redactor.ts';
import { callChannel, eventChannel } from '../preload/bridge-core.ts';
import { isTrustedUrl } from './security.ts';

/** What the shell needs from PacerApp (its dispatch parses every request with the contract's schema). */
export type PacerDispatcher = Pick<PacerApp, 'dispatch'>;
export type PacerEventSource = Pick<PacerApp, 'subscribe'>;

/** The part of an IPC event the sender check reads. */
export interface SenderInfo {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** The main window's web contents, as far as the bridge needs it. */
export interface MainContents {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: "Refused: the call did not come from the top frame of Pacer's own page." },
};

/**
 * A call is served only from the main window's top frame showing the app's own page: not from a
 * sub-frame, not after a navigation elsewhere, not from any other web contents. A frame that has
 * gone away (its properties throw once disposed) is refused too.
 */
export function isAllowedSender(event: SenderInfo, mainContentsId: number | undefined, appUrl: string): boolean {
  try {
    const frame = event.senderFrame;
    return mainContentsId !== undefined && event.sender.id === mainContentsId && frame !== null && frame.parent === null && isTrustedUrl(frame.url, appUrl);
  } catch {
    return false;
  }
}

/**
 * Every contract call gets the same handler (style.md, rule 4): sender check, then PacerApp's
 * dispatch, which parses the request and answers a Result. An exception is turned into a Result
 * here as well, so an Error object never crosses to the renderer.
 */
export function registerInvoke(ipc: Pick<IpcMain, 'handle'>, app: PacerDispatcher, mainContents: () => MainContents | undefined, appUrl: string): void {
  for (const name of CALL_NAMES) {
    ipc.handle(callChannel(name), async (event: IpcMainInvokeEvent, request: unknown): Promise<Result<unknown>> => {
      if (!isAllowedSender(event, mainContents()?.id, appUrl)) return FORBIDDEN;
      try {
        return await app.dispatch(name, request);
      } catch (error) {
        const message = knownSecrets.redactText(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        return { ok: false, error: { code: 'internal', message } };
      }
    });
  }
}

/** PacerApp's events to the main window, contract names only; dropped while no window is open. */
export function forwardEvents(app: PacerEventSource, mainContents: () => MainContents | undefined): () => void {
  return app.subscribe((name, payload) => {
    if (!isEventName(name)) return;
    const contents = mainContents();
    if (contents && !contents.isDestroyed()) contents.send(eventChannel(name), payload);
  });
}
