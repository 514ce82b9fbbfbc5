import assert from "node:assert/strict";
import { installedPackages } from "./install_commands.ts";

/** Command → the `ecosystem:name` refs it installs (`!` marks a custom registry). */
const CASES: Array<[string, string[]]> = [
  // npm
  ["npm install lodash", ["npm:lodash"]],
  ["npm i lodash@4.17.21 express@^4", ["npm:lodash", "npm:express"]],
  ["npm add -D @types/node@22 typescript", ["npm:@types/node", "npm:typescript"]],
  ["npm install --save-dev @scope/pkg", ["npm:@scope/pkg"]],
  ["sudo npm i -g @anthropic-ai/claude-code", ["npm:@anthropic-ai/claude-code"]],
  ["npm isntall left-pad", ["npm:left-pad"]],
  ["npm -w packages/web install react", ["npm:react"]],
  ["npm install --workspace=web react-dom", ["npm:react-dom"]],
  ["npm install --prefix ./app chalk", ["npm:chalk"]],
  ["npm install my-react@npm:react@18", ["npm:react"]],
  ["npm install npm:string-width@4", ["npm:string-width"]],
  ["npm install --registry https://npm.example.com internal-lib", ["!npm:internal-lib"]],
  ["npm install --registry=https://npm.example.com internal-lib", ["!npm:internal-lib"]],
  ["cd web && npm ci && npm install zod", ["npm:zod"]],
  ["bash -c 'npm i left-pad'", ["npm:left-pad"]],
  ["npm i lodash lodash@4", ["npm:lodash"]],
  // npm near misses
  ["npm install", []],
  ["npm i", []],
  ["npm ci", []],
  ["npm run install", []],
  ["npm run build -- install x", []],
  ["npm uninstall lodash", []],
  ["npm install ./local-pkg", []],
  ["npm install ../sibling", []],
  ["npm install /abs/path", []],
  ["npm install file:../x", []],
  ["npm install ./pkg-1.0.0.tgz", []],
  ["npm install pkg-1.0.0.tgz", []],
  ["npm install https://example.com/pkg.tgz", []],
  ["npm install git+https://github.com/user/repo.git", []],
  ["npm install github:user/repo", []],
  ["npm install user/repo", []],
  ["npm install git@github.com:user/repo.git", []],
  ["echo npm install lodash", []],
  ["npm install --save", []],
  // pnpm, yarn, bun
  ["pnpm add vite", ["npm:vite"]],
  ["pnpm add -D vitest @vitest/ui@2", ["npm:vitest", "npm:@vitest/ui"]],
  ["pnpm --filter web add axios", ["npm:axios"]],
  ["pnpm -C packages/app add dayjs", ["npm:dayjs"]],
  ["pnpm install lodash", ["npm:lodash"]],
  ["pnpm install", []],
  ["pnpm i --frozen-lockfile", []],
  ["pnpm run add", []],
  ["yarn add react@18 react-dom", ["npm:react", "npm:react-dom"]],
  ["yarn add --dev jest", ["npm:jest"]],
  ["yarn global add serve", ["npm:serve"]],
  ["yarn workspace web add next", ["npm:next"]],
  ["yarn", []],
  ["yarn install", []],
  ["yarn install lodash", []],
  ["bun add hono", ["npm:hono"]],
  ["bun add -d @types/bun", ["npm:@types/bun"]],
  ["bun install elysia", ["npm:elysia"]],
  ["bun i", []],
  ["bun install", []],
  ["bun run install", []],
  // deno
  ["deno add npm:chalk@5 jsr:@std/path@1", ["npm:chalk", "jsr:@std/path"]],
  ["deno add @std/assert", ["jsr:@std/assert"]],
  ["deno add npm:@types/node", ["npm:@types/node"]],
  ["deno install npm:cowsay", ["npm:cowsay"]],
  ["deno install", []],
  ["deno add express", []],
  ["deno run -A npm:cowsay", []],
  // pip
  ["pip install requests", ["pypi:requests"]],
  ["pip3 install 'Flask[async]>=2.0' numpy==1.26.4", ["pypi:flask", "pypi:numpy"]],
  ["pip3.12 install --upgrade Django~=5.0", ["pypi:django"]],
  ["pip install python_dateutil", ["pypi:python-dateutil"]],
  ["pip install 'requests; python_version>\"3.8\"'", ["pypi:requests"]],
  ["pip install pkg!=1.0,>=0.9", ["pypi:pkg"]],
  ["pip install --user -U httpx", ["pypi:httpx"]],
  ["python -m pip install pandas", ["pypi:pandas"]],
  ["python3 -m pip install --quiet scikit-learn", ["pypi:scikit-learn"]],
  ["python3.11 -m pip install rich", ["pypi:rich"]],
  ["sudo -H pip install ansible", ["pypi:ansible"]],
  ["pip install -i https://pypi.example.com/simple internal", ["!pypi:internal"]],
  ["pip install --index-url=https://pypi.example.com/simple internal", ["!pypi:internal"]],
  ["pip install --extra-index-url https://x.example/simple mylib", ["!pypi:mylib"]],
  ["pip install --no-index --find-links ./wheels mylib", ["!pypi:mylib"]],
  ["pip install -r requirements.txt flask", ["pypi:flask"]],
  // pip near misses
  ["pip install -r requirements.txt", []],
  ["pip install --requirement=requirements-dev.txt", []],
  ["pip install -e .", []],
  ["pip install --editable ./lib", []],
  ["pip install .", []],
  ["pip install ./dist/pkg-1.0-py3-none-any.whl", []],
  ["pip install pkg-1.0-py3-none-any.whl", []],
  ["pip install pkg-1.0.tar.gz", []],
  ["pip install requirements.txt", []],
  ["pip install git+https://github.com/user/repo.git", []],
  ["pip install https://example.com/pkg.zip", []],
  ["pip install 'pkg @ git+https://github.com/user/repo.git'", []],
  ["pip install", []],
  ["pip uninstall requests", []],
  ["pip download requests", []],
  ["python -m venv .venv", []],
  ["python install.py requests", []],
  ["python -c 'import pip'", []],
  // uv, poetry
  ["uv add fastapi 'uvicorn[standard]'", ["pypi:fastapi", "pypi:uvicorn"]],
  ["uv add --dev pytest", ["pypi:pytest"]],
  ["uv add --group lint ruff", ["pypi:ruff"]],
  ["uv pip install polars", ["pypi:polars"]],
  ["uv pip install -r requirements.txt", []],
  ["uv pip install -e .", []],
  ["uv add --index https://x.example/simple private-lib", ["!pypi:private-lib"]],
  ["uv tool install ruff", ["pypi:ruff"]],
  ["uv sync", []],
  ["uv run pip install x", ["pypi:x"]],
  ["poetry run pip install x", ["pypi:x"]],
  ["uv run pytest", []],
  ["poetry add requests@^2.31", ["pypi:requests"]],
  ["poetry add --group dev black isort", ["pypi:black", "pypi:isort"]],
  ["poetry add 'pendulum>=2.0.5'", ["pypi:pendulum"]],
  ["poetry add git+https://github.com/sdispater/pendulum.git", []],
  ["poetry add ./my-package/", []],
  ["poetry add --source internal lib", ["!pypi:lib"]],
  ["poetry install", []],
  // cargo
  ["cargo add serde", ["crates:serde"]],
  ["cargo add serde@1.0 tokio --features full", ["crates:serde", "crates:tokio"]],
  ["cargo add serde -F derive", ["crates:serde"]],
  ["cargo add --dev pretty_assertions", ["crates:pretty_assertions"]],
  ["cargo +nightly add rayon", ["crates:rayon"]],
  ["cargo install ripgrep", ["crates:ripgrep"]],
  ["cargo install cargo-edit --version 0.12", ["crates:cargo-edit"]],
  ["cargo add --git https://github.com/user/repo mycrate", ["!crates:mycrate"]],
  ["cargo install --path .", []],
  ["cargo build", []],
  ["cargo add", []],
  // not install commands
  ["ls -la", []],
  ["git commit -m 'npm install lodash'", []],
  ["", []],
];

Deno.test("installedPackages: install commands of every ecosystem, and near misses", () => {
  const wrong: string[] = [];
  for (const [command, expected] of CASES) {
    const actual = installedPackages(command).map((ref) =>
      `${ref.customRegistry ? "!" : ""}${ref.ecosystem}:${ref.name}`
    );
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      wrong.push(`${command}: got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`);
    }
  }
  assert.deepEqual(wrong, []);
});

Deno.test("installedPackages: keeps the argument as written and the manager", () => {
  assert.deepEqual(installedPackages("python3 -m pip install 'Flask[async]>=2'"), [
    { ecosystem: "pypi", name: "flask", manager: "pip", spec: "Flask[async]>=2" },
  ]);
  assert.deepEqual(installedPackages("poetry add requests@^2"), [
    { ecosystem: "pypi", name: "requests", manager: "poetry", spec: "requests@^2" },
  ]);
});
