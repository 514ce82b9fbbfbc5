import assert from "node:assert/strict";
import { redactSecrets } from "./redact.ts";

Deno.test("redactSecrets masks well-known credentials and keeps a prefix", () => {
  const cases: [string, string, string][] = [
    ["OpenAI", "export OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx", "sk-p…[redacted]"],
    ["Anthropic", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345", "sk-a…[redacted]"],
    [
      "GitHub",
      "git remote add o https://x:ghp_abcdefghijklmnopqrstuvwxyz0123@github.com/a/b",
      "[redacted]@github.com",
    ],
    ["AWS", "aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLF", "AKIA…[redacted]"],
    ["Slack", "curl -d token=xoxb-123456789012-abcdefghij https://slack.com", "xoxb…[redacted]"],
    [
      "bearer",
      "curl -H 'Authorization: Bearer abc123def456ghi' https://api",
      "Bearer abc1…[redacted]",
    ],
    ["password=", "mysql --password=hunter2hunter2 -h db", "--password=hunt…[redacted]"],
    [
      "url password",
      "psql postgres://app:s3cretpass@db.internal/app",
      "postgres://app:[redacted]@",
    ],
    [
      "JWT",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      "eyJh…[redacted]",
    ],
  ];
  for (const [name, input, expected] of cases) {
    const output = redactSecrets(input);
    assert.ok(output.includes(expected), `${name}: ${output}`);
  }
  const key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
  assert.equal(redactSecrets(key), "-----BEGIN RSA PRIVATE KEY-----[redacted]");
});

Deno.test("redactSecrets leaves ordinary text, references and placeholders alone", () => {
  for (
    const text of [
      "rm -rf node_modules && npm ci",
      "git push --force origin main",
      "export API_KEY=$API_KEY",
      "password: ${DB_PASSWORD}",
      "token=process.env.TOKEN",
      "curl https://example.com/path?q=1",
      "the skeleton key is a sk-etch",
      "sha256:0f3c9d2e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d",
    ]
  ) assert.equal(redactSecrets(text), text, text);
});
