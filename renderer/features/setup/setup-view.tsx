import { SimulatorPanel } from '../simulator/simulator-panel.tsx';
import { RunBar } from './run-bar.tsx';
import { RunOptions } from './run-options.tsx';
import { SettingsForm } from './settings-form.tsx';
import { TopicsPanel } from './topics-panel.tsx';
import '../../styles/setup.css';

export function SetupView() {
  return (
    <div className="setup-view" data-testid="setup-view">
      <div className="setup-columns">
        <TopicsPanel />
        <SettingsForm />
        <SimulatorPanel />
      </div>
      <RunOptions />
      <RunBar />
    </div>
  );
}
