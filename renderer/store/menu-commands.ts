import type { MenuCommand } from '../../shared/ipc/contract.ts';
import { assertNever } from '../../shared/assert-never.ts';
import type { PacerStore } from './pacer-store.ts';

/** Carries out a command from the desktop app's menu (File › New Run, Export…, Run › Pause / Resume…). */
export async function runMenuCommand(store: PacerStore, command: MenuCommand): Promise<void> {
  const state = store.getState();
  switch (command) {
    case 'run.new':
      state.setView('setup');
      return;
    case 'topics.open':
      await state.openTopicsDialog();
      return;
    case 'export':
      if (state.openRunId === null) return;
      state.setView('run');
      state.setExportOpen(true);
      return;
    case 'run.togglePause':
      if (state.phase === 'running') await state.runCommand('pause');
      else if (state.phase === 'paused') await state.runCommand('resume');
      return;
    case 'run.start':
      // As Ctrl/Cmd+Enter: from Setup only, where the run being started is the one on screen.
      if (state.view === 'setup') await state.createAndStartRun();
      return;
    case 'help.shortcuts':
      state.setShortcutsOpen(true);
      return;
    default:
      assertNever(command, 'menu command');
  }
}
