import assert from "node:assert/strict";
import { shellQuote } from "./serve.ts";

Deno.test("shellQuote leaves plain paths alone and quotes the rest for bash", async () => {
  assert.equal(shellQuote("/home/u/.taskorch/http-token"), "/home/u/.taskorch/http-token");
  assert.equal(shellQuote("/tmp/sp ace/tok"), "'/tmp/sp ace/tok'");
  const tricky = "/tmp/it's $(here)/x";
  const quoted = shellQuote(tricky);
  const out = await new Deno.Command("bash", { args: ["-c", `printf %s ${quoted}`] }).output();
  assert.equal(new TextDecoder().decode(out.stdout), tricky);
});
