/**
 * The cost ledger's contract: what a provider call reports ({@linkcode Usage}), what the ledger
 * records ({@linkcode LedgerEntry}), and the gate every provider call passes through
 * ({@linkcode CostGate}: reserve before the call, settle or release after).
 *
 * ## Token types and how they are priced
 *
 * Each usage type is priced with its own rate from the price table (USD per million tokens),
 * and the types never overlap, so nothing is counted twice:
 *
 * - `input`: uncached prompt tokens. EXCLUDES `cache_read` and `cache_write` (Anthropic reports
 *   them apart already; OpenAI's `prompt_tokens` and Gemini's `promptTokenCount` include the
 *   cached part: providers subtract `cache_read` before reporting `input`).
 * - `cache_read`: prompt tokens served from the provider's prompt cache (cheaper rate).
 * - `cache_write`: prompt tokens written to the cache (Anthropic: the 5-minute write rate; a 1-hour
 *   write is priced at the price table's `cache_write_1h` when the caller reports it through
 *   {@linkcode Usage.cache_write_1h}).
 * - `output`: generated tokens, EXCLUDING `reasoning`. OpenAI reports reasoning tokens inside
 *   `completion_tokens` (`completion_tokens_details.reasoning_tokens`) and Gemini reports
 *   `thoughtsTokenCount` apart: providers split them so that `output` + `reasoning` is what the
 *   model generated. `reasoning` is priced at the table's `reasoning` rate, which defaults to
 *   the model's `output` rate (every current provider bills thinking as output).
 *
 * @module
 */

/** Token usage by type (absent = 0). `output` EXCLUDES `reasoning`; `input` EXCLUDES cache reads and writes. */
export interface Usage {
  /** Uncached prompt tokens. */
  input: number;
  /** Generated tokens, excluding reasoning tokens. */
  output: number;
  /** Prompt tokens read from the prompt cache. */
  cache_read?: number;
  /** Prompt tokens written to the prompt cache (Anthropic: 5-minute writes). */
  cache_write?: number;
  /** Prompt tokens written to a 1-hour cache (Anthropic), priced at `cache_write_1h`. */
  cache_write_1h?: number;
  /** Reasoning ("thinking") tokens, not included in `output`. */
  reasoning?: number;
}

/** Who makes a call, to what. */
export interface CostCall {
  /** The provider's name, e.g. `openai`, `anthropic`, `gemini`, `ollama`. */
  provider: string;
  /** The model asked for, e.g. `gpt-5-mini` (aliases and dated snapshots resolve to a price). */
  model: string;
  /** What made the call, e.g. `grader:non-empty`, `agent_run`, `claude-code`. */
  caller: string;
  /** The agent session the call belongs to, when known. */
  session?: string;
}

/** A held reservation: the worst-case cost of a call in flight, counted against budgets. */
export interface Reservation {
  /** The reservation's id (also the id of the ledger entry written at settle). */
  id: string;
  /** The provider reserved for. */
  provider: string;
  /** The model reserved for. */
  model: string;
  /** What made the call (copied from the {@linkcode CostCall}, recorded at settle). */
  caller: string;
  /** The session (copied from the {@linkcode CostCall}). */
  session?: string;
  /** The worst-case cost held, in USD (0 for an unpriced model: it cannot be capped). */
  reservedUsd: number;
}

/** A budget's period: the current UTC day or the current UTC month. */
export type BudgetPeriod = "day" | "month";

/**
 * A level a budget reached:
 * - `warn`: spent + reserved crossed `warn_at` × limit; go on, tell the user.
 * - `throttle`: crossed `throttle_at` × limit; the caller should slow down (run calls one at a
 *   time, no parallel fan-out, prefer cheaper models) until the period ends.
 * - `block`: the limit itself; `reserve` throws `BUDGET_EXCEEDED` instead of returning it, and
 *   `cost_summary` shows it for a budget that is used up.
 */
export interface BudgetLevel {
  /** The budget's id: `scope/period`, e.g. `overall/day`, `provider:openai/month`. */
  budget: string;
  /** `overall` or `provider:NAME`. */
  scope: string;
  /** The budget's period. */
  period: BudgetPeriod;
  /** The level reached. */
  level: "warn" | "throttle" | "block";
  /** Settled spend in the current period, USD. */
  spentUsd: number;
  /** Held by reservations in flight (including this one), USD. */
  reservedUsd: number;
  /** The budget's limit, USD. */
  limitUsd: number;
  /** (spent + reserved) / limit. */
  fraction: number;
}

/** Where a ledger entry comes from: taskorch's own provider calls, or an imported agent transcript. */
export type LedgerSource = "taskorch" | "agent";

/** One call in the cost ledger (`keys.ledger(day, id)`). */
export interface LedgerEntry {
  /** Unique id (sorts by time for taskorch's calls; `claude:<message id>` for imports). */
  id: string;
  /** When the call ended (ISO 8601). */
  at: string;
  /** Provider name. */
  provider: string;
  /** The model that answered (as reported, else as asked). */
  model: string;
  /** The price-table model it was priced as, or null when unpriced. */
  pricedAs: string | null;
  /** What made the call. */
  caller: string;
  /** The agent session, when known. */
  session?: string;
  /** `taskorch` for calls made by taskorch, `agent` for the coding agent's own (imported). */
  source: LedgerSource;
  /** Tokens by type. */
  usage: Usage;
  /** Cost in USD, or null when the model has no price (`unpriced`), never a made-up 0. */
  costUsd: number | null;
  /** Cost in integer micro-dollars (the exact figure the totals add), or null when unpriced. */
  costMicros: number | null;
  /** Wall time of the call in milliseconds. */
  latencyMs: number;
  /** Whether the call succeeded. */
  ok: boolean;
  /** The error, when it failed. */
  error?: string;
}

/** The gate every provider call passes through. */
export interface CostGate {
  /**
   * Reserves the worst-case cost before a call; throws TaskorchError BUDGET_EXCEEDED (message
   * names the budget, spent, reserved, limit) when a block-level budget would be exceeded.
   * Returns the reservation and any warn/throttle levels reached.
   */
  reserve(
    call: CostCall & { estimate: Usage },
  ): Promise<{ reservation: Reservation; levels: BudgetLevel[] }>;
  /** Records the real usage (ledger entry with cost, latency, caller, session) and frees the reservation. */
  settle(
    reservation: Reservation,
    result: { usage: Usage; model?: string; latencyMs: number; ok: boolean; error?: string },
  ): Promise<LedgerEntry>;
  /** Frees a reservation of a call that never reached the provider. */
  release(reservation: Reservation): Promise<void>;
}
