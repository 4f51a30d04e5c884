// scripts/lib/terraform-docs.mjs: the README tables come from the code, and a stale table is caught.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BEGIN, END, blocks, plan, renderTables, updateReadme } from '../lib/terraform-docs.mjs';
import { ROOT, tmpDir } from './helpers.mjs';

const VARIABLES = `
# a comment with variable "not_me" { inside }
variable "ttl" {
  description = "Seconds a \\"copy\\" is served | then refreshed."
  type        = number
  default     = 2

  validation {
    condition     = var.ttl >= 1 # default = 99 is not the default
    error_message = "ttl must be >= 1."
  }
}

variable "origins" {
  description = "Origins, e.g. \${var.x}"
  type = list(object({
    name = string
    url  = string
  }))
  sensitive = true
}
`;
const OUTPUTS = 'output "url" {\n  description = "The URL."\n  value       = "https://${var.x}/"\n}\n';

function moduleDir(files) {
  const dir = tmpDir('tfdocs');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

test('blocks: attributes at the top of each block, not inside nested blocks, strings or comments', () => {
  const vars = blocks(VARIABLES, 'variable');
  assert.deepEqual(vars.map((v) => v.name), ['ttl', 'origins']);
  assert.equal(vars[0].attrs.default, '2');
  assert.equal(vars[0].attrs.type, 'number');
  assert.equal(vars[1].attrs.sensitive, 'true');
  assert.equal('default' in vars[1].attrs, false);
  assert.match(vars[1].attrs.type, /^list\(object\(\{\s+name = string\s+url {2}= string\s+\}\)\)$/);
});

test('tables: type and default as written, required when there is no default, pipes escaped', () => {
  const tables = renderTables(moduleDir({ 'variables.tf': VARIABLES, 'outputs.tf': OUTPUTS }));
  assert.ok(tables.startsWith(BEGIN) && tables.endsWith(END));
  assert.match(tables, /\| `ttl` \| `number` \| `2` \| Seconds a "copy" is served \\\| then refreshed\. \|/);
  assert.match(tables, /\| `origins` \| `list\(object\(\{name = string url = string\}\)\)` \| required \| Origins, e\.g\. \$\{var\.x\} \(sensitive\) \|/);
  assert.match(tables, /\| `url` \| The URL\. \|/);
});

test('a variable without a description is an error, not an empty cell', () => {
  const dir = moduleDir({ 'variables.tf': 'variable "x" {\n  type = string\n}\n' });
  assert.throws(() => renderTables(dir), /variable "x" has no description/);
});

test('updating a README replaces only the generated section and is idempotent', () => {
  const tables = `${BEGIN}\nnew\n${END}`;
  const once = updateReadme(`# m\n\nprose\n\n${BEGIN}\nold\n${END}\n\n## after\n`, tables);
  assert.equal(once, `# m\n\nprose\n\n${tables}\n\n## after\n`);
  assert.equal(updateReadme(once, tables), once);
  assert.equal(updateReadme('# m\n', tables), `# m\n\n${tables}\n`);
});

test('every Terraform README in the repository is up to date with its variables and outputs', () => {
  const stale = plan(path.join(ROOT, 'terraform')).filter((m) => m.current !== m.expected);
  assert.deepEqual(stale.map((m) => path.relative(ROOT, m.readme)), [], 'run scripts/terraform-docs');
});

test('scripts/terraform-docs --check fails on a stale table and names the README', () => {
  const copy = tmpDir('tfdocs-repo');
  fs.cpSync(path.join(ROOT, 'terraform'), path.join(copy, 'terraform'), {
    recursive: true, filter: (src) => !src.includes('.terraform'),
  });
  fs.cpSync(path.join(ROOT, 'scripts'), path.join(copy, 'scripts'), { recursive: true });
  const vars = path.join(copy, 'terraform/modules/function/variables.tf');
  fs.writeFileSync(vars, fs.readFileSync(vars, 'utf8').replace(/(variable "cache_ttl_seconds" \{[^}]*?description\s*=\s*")/, '$1CHANGED '));
  const run = spawnSync(path.join(copy, 'scripts/terraform-docs'), ['--check'], { encoding: 'utf8' });
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /STALE {3}terraform\/modules\/function\/README\.md/);
  assert.match(run.stdout, /ok {6}terraform\/modules\/cdn\/README\.md/);
});
