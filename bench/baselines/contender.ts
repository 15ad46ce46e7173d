/** What every benchmarked approach is given and what it returns. */
export interface ContenderInput {
  readonly baseURL: string;
  readonly model: string;
  readonly topics: readonly string[];
  readonly prompt: (topic: string) => string;
  readonly maxTokens: number;
  /** The limits as the user would type them; null where the scenario says they are unknown. */
  readonly rpm: number | null;
  readonly tpm: number | null;
  /** Called as each request leaves, 429'd or not: the benchmark times the first probe with it. */
  readonly onSend: () => void;
}

export interface ContenderOutput {
  /** topic → article text, for the topics that finished. */
  readonly results: ReadonlyMap<string, string>;
}

export type Contender = (input: ContenderInput) => Promise<ContenderOutput>;
