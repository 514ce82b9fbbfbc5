// In-process cost of judging one event: parsing the payload and evaluating it.
// Run: ./tools/deno bench -A bench/engine_bench.ts

import { createEngine } from "../core/engine.ts";
import { parseEvent } from "../core/event.ts";
import { hookOutput } from "../core/hook_output.ts";

const payload = {
  hook_event_name: "PreToolUse",
  session_id: "bench",
  cwd: "/work/repo",
  tool_name: "Bash",
  tool_input: { command: "git status && npm test" },
};
const engine = createEngine();

Deno.bench("parseEvent", () => {
  parseEvent(payload);
});

Deno.bench("parse + evaluate + hook output", async () => {
  const event = parseEvent(payload);
  hookOutput(event, await engine.evaluate(event));
});
