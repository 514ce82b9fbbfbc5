/**
 * Reads a provider's API key from the environment variable the operator named, inside the
 * plugin's sandbox (where only granted variables are readable).
 *
 * @module
 */

import { ProviderError } from "@taskorch/mcp/plugin";

/**
 * The value of `name`, or a `ProviderError` of kind `config` saying whether the variable is
 * not granted to the plugin or not set.
 */
export function readApiKey(label: string, name: string): string {
  let value: string | undefined;
  try {
    value = Deno.env.get(name);
  } catch {
    throw new ProviderError(
      `${label}: the API key variable ${name} is not granted to the plugin (grant env: [${name}])`,
      { kind: "config" },
    );
  }
  if (value === undefined || value.trim() === "") {
    throw new ProviderError(`${label}: the API key variable ${name} is not set`, {
      kind: "config",
    });
  }
  return value.trim();
}
