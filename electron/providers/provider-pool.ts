import type { ProviderSettings } from '../../shared/domain/settings.ts';
import { knownSecrets } from '../secrets/secret-redactor.ts';
import type { SecretRedactor } from '../secrets/secret-redactor.ts';
import { createOpenAIProvider } from './openai-provider.ts';
import type { ChatProvider } from './provider.ts';
import type { SimulatorOptions } from './simulator/options.ts';
import type { RunningSimulator } from './simulator/start-simulator.ts';
import { startSimulator } from './simulator/start-simulator.ts';

/**
 * Makes providers from settings, for the CLI, the web host and the app alike. The simulator is a
 * real HTTP server on loopback, started on first use and shared by every run, as runs against one
 * real provider share its limits; it is reached through the same SDK path as a paid provider.
 */
export class ProviderPool {
  private simulator: Promise<RunningSimulator> | undefined;
  private readonly simulatorOptions: SimulatorOptions;
  private readonly apiKey: () => string | undefined;
  private readonly redactor: SecretRedactor;

  constructor(options: { simulator?: SimulatorOptions; apiKey?: () => string | undefined; redactor?: SecretRedactor } = {}) {
    this.simulatorOptions = options.simulator ?? {};
    this.apiKey = options.apiKey ?? (() => undefined);
    this.redactor = options.redactor ?? knownSecrets;
  }

  async get(settings: ProviderSettings): Promise<ChatProvider> {
    if (settings.kind === 'openai') {
      const apiKey = this.apiKey();
      // Every key a run is started with is removed from whatever the server says back.
      this.redactor.remember(apiKey);
      // Local servers (Ollama, LM Studio, vLLM) ignore the key, but the SDK insists on one.
      return createOpenAIProvider({ baseURL: settings.baseURL, apiKey: apiKey ?? 'not-needed' });
    }
    this.simulator ??= startSimulator(this.simulatorOptions);
    const sim = await this.simulator;
    return createOpenAIProvider({ baseURL: sim.url, apiKey: 'sk-simulator', name: 'simulator' });
  }

  async close(): Promise<void> {
    const simulator = this.simulator;
    this.simulator = undefined;
    if (simulator) await (await simulator).close();
  }
}
