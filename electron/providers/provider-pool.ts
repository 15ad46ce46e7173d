import type { ProviderSettings } from '../../shared/domain/settings.ts';
import { knownSecrets } from '../secrets/secret-redactor.ts';
import type { SecretRedactor } from '../secrets/secret-redactor.ts';
import { createOpenAIProvider } from './openai-provider.ts';
import type { ChatProvider } from './provider.ts';
import type { ResolvedOptions } from './simulator/options.ts';
import { mergeOptions, plainOptions, resolveOptions } from './simulator/options.ts';
import type { SimulatorInWorker } from './simulator/worker-host.ts';
import { startSimulatorInWorker } from './simulator/worker-host.ts';
import type { WorkerSimulatorOptions } from './simulator/worker-protocol.ts';

/**
 * Makes providers from settings, for the CLI, the web host and the app alike. The simulator is a
 * real HTTP server on loopback, started on first use and shared by every run, as runs against one
 * real provider share its limits; it is reached through the same SDK path as a paid provider. It
 * runs in a worker thread, so its own work does not slow the engine it is serving (the web host's
 * single thread was the bottleneck when both shared it).
 */
export class ProviderPool {
  private simulator: Promise<SimulatorInWorker> | undefined;
  /**
   * The simulator's options in force, validated here so a bad change fails in the caller's thread;
   * a simulator (re)started later starts with them.
   */
  private resolved: ResolvedOptions;
  private readonly apiKey: () => string | undefined;
  private readonly redactor: SecretRedactor;

  constructor(options: { simulator?: WorkerSimulatorOptions; apiKey?: () => string | undefined; redactor?: SecretRedactor } = {}) {
    this.resolved = resolveOptions(options.simulator);
    this.apiKey = options.apiKey ?? (() => undefined);
    this.redactor = options.redactor ?? knownSecrets;
  }

  async get(settings: ProviderSettings): Promise<ChatProvider> {
    return (await this.connect(settings)).provider;
  }

  /**
   * The provider for these settings, and where it sends with which key: the quota it draws on.
   * `apiKey` is one key of a pool; left out, the pool's own key (the simulator's, or the one the
   * app or the environment gave).
   */
  async connect(settings: ProviderSettings, apiKey?: string): Promise<{ provider: ChatProvider; endpoint: { baseURL: string; apiKey: string } }> {
    if (settings.kind === 'openai') {
      const given = apiKey ?? this.apiKey();
      // Every key a run is started with is removed from whatever the server says back.
      this.redactor.remember(given);
      // Local servers (Ollama, LM Studio, vLLM) ignore the key, but the SDK insists on one.
      const endpoint = { baseURL: settings.baseURL, apiKey: given ?? 'not-needed' };
      return { provider: createOpenAIProvider(endpoint), endpoint };
    }
    const sim = await this.startSimulator();
    this.redactor.remember(apiKey);
    const endpoint = { baseURL: sim.url, apiKey: apiKey ?? 'sk-simulator' };
    return { provider: createOpenAIProvider({ ...endpoint, name: 'simulator' }), endpoint };
  }

  /** The built-in simulator's options in force (whether or not it has started). */
  simulatorSettings(): ResolvedOptions {
    return this.resolved;
  }

  /**
   * Changes the built-in simulator live (limits, shapes, faults, latency…), or the options it will
   * start with. Throws the simulator's own RangeError, quoting the bad value, and then changes nothing.
   */
  async updateSimulator(change: Partial<WorkerSimulatorOptions>): Promise<ResolvedOptions> {
    const resolved = mergeOptions(this.resolved, change);
    this.resolved = resolved;
    // A simulator that failed to start has nothing to change: the next start takes `resolved`.
    const running = await this.simulator?.catch(() => undefined);
    await running?.update(change);
    return resolved;
  }

  async close(): Promise<void> {
    const simulator = this.simulator;
    this.simulator = undefined;
    if (simulator) await (await simulator).close();
  }

  private startSimulator(): Promise<SimulatorInWorker> {
    if (!this.simulator) {
      const started = startSimulatorInWorker(plainOptions(this.resolved), () => {
        // A thread that ended (closed, or crashed) is started again on next use.
        if (this.simulator === started) this.simulator = undefined;
      });
      this.simulator = started;
      started.catch(() => {
        if (this.simulator === started) this.simulator = undefined;
      });
    }
    return this.simulator;
  }
}
