import type { ProviderSettings } from '../../shared/domain/settings.ts';
import { createOpenAIProvider } from './openai-provider.ts';
import type { ChatProvider } from './provider.ts';
import type { SimulatorOptions } from './simulator/options.ts';
import { startSimulator } from './simulator/start-simulator.ts';

export interface ProviderHandle {
  readonly provider: ChatProvider;
  /** Where requests go: the simulator's loopback URL or the configured base URL. */
  readonly baseURL: string;
  close(): Promise<void>;
}

/**
 * The one place a provider is made from settings, for the CLI, the web host and the app alike.
 * The simulator is a real HTTP server on loopback reached through the same SDK path as a real
 * provider, so "no key" runs exercise exactly the code a paid run does.
 */
export async function openProvider(settings: ProviderSettings, apiKey: string | undefined, simulator: SimulatorOptions = {}): Promise<ProviderHandle> {
  if (settings.kind === 'openai') {
    const provider = createOpenAIProvider({ baseURL: settings.baseURL, apiKey: apiKey ?? 'not-needed' });
    return { provider, baseURL: settings.baseURL, close: async () => undefined };
  }
  const server = await startSimulator(simulator);
  const provider = createOpenAIProvider({ baseURL: server.url, apiKey: 'sk-simulator', name: 'simulator' });
  return { provider, baseURL: server.url, close: () => server.close() };
}
