import { z } from 'zod';

/**
 * The built-in simulator's settings as the app shows and changes them (Setup's Simulator panel):
 * its limits, how each is enforced, strict charging, injected faults and latency. Validated in
 * main by the contract (simulator.set), and again by the simulator itself. The simulator's full
 * option set (seed, keys, models…) is in electron/providers/simulator/options.ts.
 */

const got = (issue: { input?: unknown }) => `, got ${JSON.stringify(issue.input) ?? String(issue.input)}`;
const number = (what: string) => z.number({ error: (issue) => `${what} must be a number${got(issue)}` });
const between = (what: string, min: number, max: number) =>
  number(what)
    .min(min, { error: (issue) => `${what} must be between ${min} and ${max}${got(issue)}` })
    .max(max, { error: (issue) => `${what} must be between ${min} and ${max}${got(issue)}` });

/** How one per-minute limit is enforced: see electron/providers/simulator/limit-shape.ts. */
export const LimitShapeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bucket'), burstSeconds: between('Burst seconds', 0.1, 3_600) }),
  z.object({ kind: z.literal('window'), seconds: between('Window seconds', 1, 60).int({ error: (issue) => `Window seconds must be a whole number${got(issue)}` }) }),
  z.object({ kind: z.literal('quantized'), periodMs: z.union([z.literal(1000), z.literal(100)], { error: (issue) => `Quantized period must be 1000 or 100 ms${got(issue)}` }) }),
]);
export type LimitShape = z.infer<typeof LimitShapeSchema>;

const rate = (what: string) => between(what, 0, 1);
const limit = (what: string) =>
  number(what)
    .int({ error: (issue) => `${what} must be a whole number${got(issue)}` })
    .positive({ error: (issue) => `${what} must be greater than 0, or blank for no limit${got(issue)}` })
    .nullable();

export const SimulatorSettingsSchema = z.object({
  /** Requests per minute; null: no limit. */
  rpm: limit('Requests per minute'),
  tpm: limit('Tokens per minute'),
  shape: z.object({ requests: LimitShapeSchema, tokens: LimitShapeSchema }),
  /** Strict: a rejected (429) request still uses its budget. */
  chargeRejected: z.boolean(),
  /** Probabilities per admitted request (the reply faults together at most 1); noHeadersOn429Rate per 429. */
  faults: z
    .object({
      serverErrorRate: rate('Server error rate'),
      overloadRate: rate('Overload rate'),
      hangRate: rate('Hang rate'),
      dropRate: rate('Drop rate'),
      noHeadersOn429Rate: rate('Rate of 429s without headers'),
    })
    .refine((f) => f.serverErrorRate + f.overloadRate + f.hangRate + f.dropRate <= 1, {
      error: (issue) => {
        const f = issue.input as Record<string, number>;
        const sum = (f.serverErrorRate ?? 0) + (f.overloadRate ?? 0) + (f.hangRate ?? 0) + (f.dropRate ?? 0);
        return `Server errors, overloads, hangs and drops must add up to at most 100 %, got ${Math.round(sum * 1000) / 10} %`;
      },
    }),
  /** Time to first token = firstTokenMs + U(0, jitterMs); then tokensPerSecond. */
  latency: z.object({
    firstTokenMs: between('First token delay (ms)', 0, 600_000),
    jitterMs: between('Jitter (ms)', 0, 600_000),
    tokensPerSecond: between('Tokens per second', 1, 1_000_000),
  }),
});
export type SimulatorSettings = z.infer<typeof SimulatorSettingsSchema>;
