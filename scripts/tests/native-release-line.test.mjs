// What scripts/native-check builds is what the release ships: the same GraalVM release line and the same
// native-image metadata. Static checks of the files that name them (no build: the native section builds).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.mjs';

const read = (f) => fs.readFileSync(path.join(ROOT, f), 'utf8');

function graalvmVersion() {
  const m = read('scripts/lib/native-builder/pom.xml').match(/<graalvm\.version>([^<]+)<\/graalvm\.version>/);
  assert.ok(m, 'scripts/lib/native-builder/pom.xml names graalvm.version');
  return m[1];
}

function buildNativeJob() {
  const wf = read('.github/workflows/release.yml');
  const start = wf.indexOf('\n  build-native:');
  assert.notEqual(start, -1, 'release.yml has a build-native job');
  const next = wf.slice(start + 1).search(/\n {2}[a-z][a-z-]*:\n/);
  return next === -1 ? wf.slice(start) : wf.slice(start, start + 1 + next);
}

test('the release builds with the GraalVM release line of the builder native-check runs', () => {
  const version = graalvmVersion();
  assert.match(version, /^\d+\.\d+\.\d+$/);
  const job = buildNativeJob();
  // the version comes from the builder's pom at release time, never a second copy of it
  assert.match(job, /sed -n 's:\.\*<graalvm\.version>\\\(\.\*\\\)<\/graalvm\.version>\.\*:\\1:p' scripts\/lib\/native-builder\/pom\.xml/);
  assert.match(job, /echo "java=\$\{version%%\.\*\}" >>"\$GITHUB_OUTPUT"/);
  assert.match(job, /java-version: \$\{\{ steps\.graalvm\.outputs\.java \}\}/);
  assert.match(job, /distribution: graalvm-community/);
  assert.doesNotMatch(job, /java-version: ['"]?\d/, 'no hard-coded Java/GraalVM version in build-native');
  assert.match(job, /mvn [^\n]*-Pnative[^\n]*-pl lambda/);
  // native-check runs that builder on the JDK of the same major version
  const check = read('scripts/native-check');
  const jdk = check.match(/NATIVE_CHECK_JDK:-([^}]+)\}/);
  assert.ok(jdk, 'native-check names its default JDK');
  assert.match(jdk[1], new RegExp(`temurin-${version.split('.')[0]}-`), `native-check's JDK is JDK ${version.split('.')[0]}`);
});

test("the release's native build uses only the jars' own metadata, as native-check does", () => {
  const pom = read('lambda/pom.xml');
  const profile = pom.slice(pom.indexOf('<id>native</id>'));
  assert.match(profile, /<metadataRepository>\s*<enabled>false<\/enabled>\s*<\/metadataRepository>/,
    'native-maven-plugin would add GraalVM\'s reachability metadata repository, which native-check does not apply');
});
