/**
 * The shape of an MCP tool, independent of the SDK: a static definition plus one
 * `run` function. `core/mcp.ts` registers each with the SDK; tools never import it.
 *
 * @module
 */

import type { z } from "zod";
import type { Engine } from "../engine.ts";
import type { ProvidersSource } from "../providers/shared.ts";
import type { Pack } from "../rules/types.ts";
import type { WithStore } from "../shared_store.ts";

/** Hints a client uses to decide how carefully to call a tool (MCP tool annotations). */
export interface ToolAnnotations {
  /** The tool changes nothing. */
  readOnlyHint: boolean;
  /** The tool may destroy or overwrite data (meaningful only when not read-only). */
  destructiveHint: boolean;
  /** Calling it twice with the same arguments has no further effect. */
  idempotentHint: boolean;
  /** The tool reaches outside taskorch (network, providers). */
  openWorldHint: boolean;
}

/** What every tool may use. */
export interface ToolContext {
  /** The shared engine. */
  engine: Engine;
  /** The rule packs in force. */
  packs: readonly Pack[];
  /**
   * Runs `use` with the server's store (opened on first use). Absent: the tool has no store
   * (tools that only read it fail with a message; check recording is skipped).
   */
  withStore?: WithStore;
  /**
   * Asks the user a question through the MCP client (MCP `elicitation/create`, form mode), so
   * a human, not the model, answers. Resolves null when the client did not declare the
   * elicitation capability. Absent: this connection cannot ask at all (stateless HTTP).
   */
  elicit?: Elicit;
  /**
   * The server's providers, opened on first use and shared by every call (`agent_run`, the
   * LLM judges), so a provider plugin starts once per server. Absent: a tool opens providers
   * for its call and closes them after.
   */
  providers?: ProvidersSource;
}

/** A form field the user fills in an elicitation (MCP's primitive schema). */
export type ElicitField =
  | { type: "string"; title?: string; description?: string; enum?: string[]; default?: string }
  | { type: "boolean"; title?: string; description?: string; default?: boolean };

/** An elicitation: a message for the user and the flat form they answer. */
export interface ElicitRequest {
  /** What the user is asked, written for a person. */
  message: string;
  /** The form: a flat object of primitive fields. */
  requestedSchema: {
    type: "object";
    properties: Record<string, ElicitField>;
    required?: string[];
  };
}

/** The user's answer: `accept` with the form's content, or `decline` / `cancel`. */
export interface ElicitResult {
  /** What the user did. */
  action: "accept" | "decline" | "cancel";
  /** The form's values, when accepted. */
  content?: Record<string, unknown>;
}

/** Asks the user through the client; null when the client cannot be asked. */
export type Elicit = (request: ElicitRequest) => Promise<ElicitResult | null>;

/** One MCP tool: static metadata, zod shapes for input and output, and its behaviour. */
export interface ToolSpec<I extends z.ZodRawShape, O extends z.ZodRawShape> {
  /** The tool's name, e.g. `immune_check` (DESIGN.md, contract 7). */
  name: string;
  /** A short human title. */
  title: string;
  /** What the tool does and when to call it, written for a model. */
  description: string;
  /** The arguments. */
  input: I;
  /** The structured result. */
  output: O;
  /** Hints for the client. */
  annotations: ToolAnnotations;
  /** Runs the tool. Throwing a `TaskorchError` becomes an `isError` result. */
  run(
    args: z.infer<z.ZodObject<I>>,
    context: ToolContext,
  ): Promise<z.infer<z.ZodObject<O>>>;
  /** A short text rendering of the result for clients that show text only. */
  summarize(result: z.infer<z.ZodObject<O>>): string;
}

/** An identity helper that keeps a tool's types; see {@linkcode ToolSpec}. */
export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  spec: ToolSpec<I, O>,
): ToolSpec<I, O> {
  return spec;
}

/** The annotations of a tool that only reads: no side effects, same answer twice. */
export const READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};
