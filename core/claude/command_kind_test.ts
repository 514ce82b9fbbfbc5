import assert from "node:assert/strict";
import { classifyCommand } from "./command_kind.ts";

/** A command line and what it checks, as `kind tool [filter]` strings. */
const CASES: [string, string[]][] = [
  ["deno test -A", ["test deno test"]],
  ["deno test -A --parallel src/", ["test deno test"]],
  ["deno test -A src/auth_test.ts", ["test deno test [src/auth_test.ts]"]],
  ["deno test --filter login -A", ["test deno test [--filter login]"]],
  ["cd app && npx jest -t login 2>&1 | tail -20", ["test jest [login]"]],
  ["npm test", ["test npm test"]],
  ["npm test -- src/a.test.ts", ["test npm test [src/a.test.ts]"]],
  ["pnpm run test", ["test pnpm test"]],
  ["yarn test --testNamePattern=login", ["test yarn test [login]"]],
  ["bun test", ["test bun test"]],
  ["npx vitest run", ["test vitest"]],
  ["npx vitest run src/a.test.ts", ["test vitest [src/a.test.ts]"]],
  ["npx mocha --grep parser", ["test mocha [parser]"]],
  ["pytest", ["test pytest"]],
  ["pytest -k login -q", ["test pytest [login]"]],
  ["python -m pytest tests/test_auth.py::test_login", [
    "test pytest [tests/test_auth.py::test_login]",
  ]],
  ["uv run pytest tests/", ["test pytest"]],
  ["python3 -m unittest discover", ["test python -m unittest"]],
  ["python -m unittest tests.test_auth", ["test python -m unittest [tests.test_auth]"]],
  ["go test ./...", ["test go test"]],
  ["go test ./... -run TestLogin", ["test go test [TestLogin]"]],
  ["cargo test", ["test cargo test"]],
  ["cargo test parser::tests", ["test cargo test [parser::tests]"]],
  ["mvn test", ["test mvn test"]],
  ["mvn -Dtest=LoginTest test", ["test mvn test [LoginTest]"]],
  ["./gradlew test --tests LoginTest", ["test gradle test [LoginTest]"]],
  ["bundle exec rspec spec/login_spec.rb", ["test rspec [spec/login_spec.rb]"]],
  ["vendor/bin/phpunit --filter testLogin", ["test phpunit [testLogin]"]],
  ["dotnet test", ["test dotnet test"]],
  ["make test", ["test make test"]],
  ["make", ["build make"]],
  ["npm run build", ["build npm run build"]],
  ["cargo build --release", ["build cargo build"]],
  ["go build ./...", ["build go build"]],
  ["npx tsc --noEmit", ["typecheck tsc"]],
  ["deno check mod.ts", ["typecheck deno check"]],
  ["mypy src", ["typecheck mypy"]],
  ["deno lint", ["lint deno lint"]],
  ["npx eslint src", ["lint eslint"]],
  ["ruff check .", ["lint ruff"]],
  ["cargo clippy", ["lint cargo clippy"]],
  ["deno task check", ["lint deno task check", "typecheck deno task check"]],
  ["./scripts/run_tests.sh", ["test run_tests.sh"]],
  ["ls -la", []],
  ["git status && cat package.json", []],
  ["echo 'npm test'", []],
];

Deno.test("classifyCommand recognizes test runs, filters, builds, lints and type checks", () => {
  const wrong: string[] = [];
  for (const [line, expected] of CASES) {
    const got = classifyCommand(line).map((c) =>
      `${c.kind} ${c.tool}${c.filtered ? ` [${c.filter}]` : ""}`
    );
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      wrong.push(`${line}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
    }
  }
  assert.deepEqual(wrong, []);
});
