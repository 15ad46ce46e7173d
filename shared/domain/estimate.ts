/** What a run costs in US dollars, from no output at all to every max_tokens used. */
export interface CostRange {
  readonly minUsd: number;
  /** With `expectedOutputTokens`: the figure to compare with what the run really cost. */
  readonly expectedUsd: number;
  readonly maxUsd: number;
}

/** What a run will take before it is sent: tokens, cost and the least time its limits allow. */
export interface RunEstimate {
  readonly tasks: number;
  readonly promptTokens: number;
  /** `maxTokens` for every task: the most output the run can produce. */
  readonly maxOutputTokens: number;
  /** Prompt + `maxTokens` per request: what TPM is charged at admission, summed. */
  readonly reservedTokens: number;
  /** A planning figure, not a prediction: 80% of `maxOutputTokens`. Articles rarely stop much earlier. */
  readonly expectedOutputTokens: number;
  /** Online: prompt cost plus output from none to all of `maxTokens`; absent when the model's price is unknown. */
  readonly cost?: CostRange;
  /** The same through the Batch API, at its discount; absent when the model's price is unknown. */
  readonly batchCost?: CostRange;
  /**
   * Least time the known limits allow, if the server takes a whole minute's budget at once (or the
   * pinned burst); latency, pool size and an unknown limit can only add to it. Absent when neither
   * limit is known.
   */
  readonly etaMs?: number;
  /**
   * The same if the server takes one request at a time: a per-minute limit is a rate, not a burst,
   * and which it is the engine learns from the first answers. Absent when the burst is pinned.
   */
  readonly etaNoBurstMs?: number;
  /** Which limit the ETA comes from. */
  readonly boundBy?: 'requests' | 'tokens';
}
