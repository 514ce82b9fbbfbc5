import assert from "node:assert/strict";
import { TaskorchError } from "../errors.ts";
import { assertGranted, permissionFlags, uncoveredPermission } from "./permissions.ts";

Deno.test("uncoveredPermission: hosts, ports, env prefixes and paths under a grant", () => {
  const grant = { net: ["a.com", "b.com:443"], env: ["AWS_*", "HOME"], read: ["/w/data"] };
  assert.equal(uncoveredPermission({ net: ["a.com:8080", "b.com:443"] }, grant, "/w"), undefined);
  assert.equal(uncoveredPermission({ net: ["b.com"] }, grant, "/w"), "net:b.com");
  assert.equal(uncoveredPermission({ net: ["b.com:80"] }, grant, "/w"), "net:b.com:80");
  assert.equal(uncoveredPermission({ env: ["AWS_KEY", "HOME"] }, grant, "/w"), undefined);
  assert.equal(uncoveredPermission({ env: ["USER"] }, grant, "/w"), "env:USER");
  assert.equal(uncoveredPermission({ read: ["data/x", "/w/data"] }, grant, "/w"), undefined);
  assert.equal(uncoveredPermission({ read: ["/w/data2"] }, grant, "/w"), "read:/w/data2");
  assert.equal(uncoveredPermission({ read: ["data/../.."] }, grant, "/w"), "read:data/../..");
  assert.equal(uncoveredPermission({ write: ["/w/data"] }, grant, "/w"), "write:/w/data");
});

Deno.test("assertGranted: names the plugin, the permission and what is granted", () => {
  assert.throws(
    () => assertGranted("g", { net: ["x.com"] }, { net: ["y.com"] }, "/w"),
    (error: unknown) =>
      error instanceof TaskorchError && error.code === "PLUGIN_PERMISSION_DENIED" &&
      error.message.includes(`"g" asks for net permission "x.com"`) &&
      error.message.includes("granted net: y.com"),
  );
});

Deno.test("permissionFlags: nothing by default, exact lists otherwise", () => {
  assert.deepEqual(permissionFlags({}, "/w"), []);
  assert.deepEqual(permissionFlags({ net: [], env: ["A", "B"], write: ["out", "/tmp/x/"] }, "/w"), [
    "--allow-env=A,B",
    "--allow-write=/w/out,/tmp/x",
  ]);
});
