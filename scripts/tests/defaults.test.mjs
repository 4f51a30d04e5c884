// Each default is written once. The function's own defaults live in lambda/src/main/resources/application.properties; a
// deployment's live in terraform/variables.tf (the modules have none for what the root passes). Where Terraform
// sets a function setting (ONAIR_* in the function module), the two must agree, and lambda/README.md's table must
// say the same: otherwise a local run and a deployment behave differently without anyone deciding it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { blocks } from '../lib/terraform-docs.mjs';
import { ROOT } from './helpers.mjs';

const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The onair.* properties of application.properties, without the prefix. */
function functionDefaults() {
  const props = read('lambda/src/main/resources/application.properties');
  const found = Object.fromEntries([...props.matchAll(/^onair\.([a-z0-9-]+)=(.*?)\s*$/gm)].map((m) => [m[1], m[2]]));
  assert.ok(Object.keys(found).length >= 5, 'application.properties has the onair.* defaults');
  return found;
}

/** ONAIR_X = var.y / tostring(var.y) in the function module: env name -> module variable. */
function envFromModuleVariables() {
  const main = read('terraform/modules/function/main.tf');
  return Object.fromEntries([...main.matchAll(/^\s*(ONAIR_[A-Z_]+)\s*=\s*(?:tostring\()?var\.(\w+)\)?\s*$/gm)]
    .map((m) => [m[1], m[2]]));
}

const property = (env) => env.replace(/^ONAIR_/, '').toLowerCase().replace(/_/g, '-'); // Micronaut's env mapping
const literal = (expr) => expr.replace(/^"(.*)"$/, '$1');

function wiring() {
  const moduleVars = Object.fromEntries(blocks(read('terraform/modules/function/variables.tf'), 'variable')
    .map((b) => [b.name, b.attrs]));
  const rootVars = Object.fromEntries(blocks(read('terraform/variables.tf'), 'variable').map((b) => [b.name, b.attrs]));
  const call = blocks(read('terraform/main.tf'), 'module').find((m) => m.name === 'function');
  return { moduleVars, rootVars, call };
}

test('every function setting Terraform passes from a root variable has the same default in application.properties', () => {
  const yml = functionDefaults();
  const { moduleVars, rootVars, call } = wiring();
  const compared = [];
  for (const [env, moduleVar] of Object.entries(envFromModuleVariables())) {
    const key = property(env);
    const rootVar = /^var\.(\w+)$/.exec(call.attrs[moduleVar] ?? '')?.[1];
    if (!rootVar || !(key in yml)) continue;
    assert.equal('default' in moduleVars[moduleVar], false,
      `modules/function variable "${moduleVar}" repeats a default: the root's "${rootVar}" is its one source`);
    assert.equal(literal(rootVars[rootVar].default), yml[key],
      `${env}: terraform/variables.tf "${rootVar}" defaults to ${rootVars[rootVar].default}, application.properties onair.${key} to ${yml[key]}`);
    compared.push(key);
  }
  // the settings this rule exists for: a refactor that stops comparing them must fail here, not pass silently
  for (const key of ['cache-ttl-seconds', 'dvr-window-seconds', 'reconcile-interval-seconds']) {
    assert.ok(compared.includes(key), `onair.${key} was not compared`);
  }
});

test("lambda/README.md's configuration table shows application.properties's defaults", () => {
  const yml = functionDefaults();
  const rows = [...read('lambda/README.md').matchAll(/^\| `ONAIR_[A-Z_]+` \| `onair\.([a-z0-9-]+)` \| `?([^|`]*?)`? \|/gm)];
  assert.ok(rows.length >= 5, 'the table was found');
  for (const [, key, shown] of rows) {
    if (key in yml) assert.equal(shown, yml[key], `lambda/README.md shows ${shown} for onair.${key}; application.properties has ${yml[key]}`);
  }
});

test("the Terraform tests give the modules the root's defaults (terraform/tests/module_tunables.auto.tfvars)", () => {
  const tfvars = Object.fromEntries([...read('terraform/tests/module_tunables.auto.tfvars')
    .matchAll(/^([a-z_]+)\s*=\s*(.+?)\s*$/gm)].map((m) => [m[1], m[2]]));
  const { rootVars } = wiring();
  const calls = blocks(read('terraform/main.tf'), 'module');
  assert.ok(Object.keys(tfvars).length >= 10, 'module_tunables.auto.tfvars has the tunables');
  for (const [name, value] of Object.entries(tfvars)) {
    // the root variable a module call passes as this input (module "x" { name = var.root_name })
    const fed = calls.map((c) => /^var\.(\w+)$/.exec(c.attrs[name] ?? '')?.[1]).filter(Boolean);
    assert.ok(fed.length > 0, `${name}: no module call in terraform/main.tf passes it from a root variable`);
    for (const rootVar of fed) {
      assert.ok('default' in rootVars[rootVar], `terraform/variables.tf "${rootVar}" has no default`);
      assert.equal(value, rootVars[rootVar].default,
        `module_tunables.auto.tfvars ${name} = ${value}, the root's "${rootVar}" defaults to ${rootVars[rootVar].default}`);
    }
  }
});
