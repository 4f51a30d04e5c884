// The native build check (scripts/native-check), the `native` section of scripts/test (node:test).
// Not under the `scripts` section's *.test.mjs pattern: each case runs GraalVM's builder for minutes.
//
// The function's image must build up to the object file exactly as the release builds it, and the same script
// path must fail on a program native-image refuses (a thread started in a class initialized at build time): a
// check that cannot fail checks nothing. And it must build what GraalVM's own driver builds: a non-capturing lambda
// of a run-time-initialized interface with a default method (refused when the builder JVM lacks the driver's
// -Djdk.internal.lambda.disableEagerInitialization=true, as the function's Micronaut lambdas were).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, run, tmpDir } from '../helpers.mjs';

const JDK = process.env.NATIVE_CHECK_JDK || '/usr/lib/jvm/temurin-25-jdk-amd64';
const CHECK = path.join(ROOT, 'scripts/native-check');

function tail(r) {
  return `exit ${r.code}\n--- stdout (end)\n${r.stdout.slice(-3000)}\n--- stderr (end)\n${r.stderr.slice(-3000)}`;
}

test('native-check fails on a thread started at build time (the builder refuses the image)', async () => {
  const dir = tmpDir('native-fixture');
  const classes = path.join(dir, 'classes');
  const javac = await run(path.join(JDK, 'bin/javac'), ['-d', classes,
    path.join(ROOT, 'scripts/tests/native/fixtures/BuildTimeThread.java')]);
  assert.equal(javac.code, 0, javac.stderr);
  const r = await run(CHECK, ['--classpath', classes, '--main', 'BuildTimeThread', '--name', 'fixture',
    '--arg', '--no-fallback', '--arg', '--initialize-at-build-time=BuildTimeThread', '--xmx', '3g',
    '--out', path.join(dir, 'out')]);
  assert.notEqual(r.code, 0, `the check passed an image native-image must refuse\n${tail(r)}`);
  // refused for the fixture's reason, not for a broken setup
  assert.match(r.stdout + r.stderr, /Thread/, tail(r));
  assert.match(r.stdout + r.stderr, /BuildTimeThread/, tail(r));
  assert.match(r.stderr, /native build of BuildTimeThread FAILED/, tail(r));
  assert.equal(fs.readdirSync(path.join(dir, 'out')).some((f) => f.endsWith('.o')), false, 'no object file');
});

// The function's own build guards the same thing (without those properties Micronaut's lambdas are refused: the
// function failed in 2:32), so this fixture, another full build, runs only when asked for.
const ALL_FIXTURES = process.env.ONAIR_NATIVE_FIXTURES === 'all';

test('native-check builds a non-capturing lambda of a class initialized at run time (the driver\'s builder JVM properties)', {
  skip: !ALL_FIXTURES && 'a second full build; the function\'s build below covers it (ONAIR_NATIVE_FIXTURES=all runs it)',
}, async () => {
  const dir = tmpDir('native-lambda');
  const classes = path.join(dir, 'classes');
  const javac = await run(path.join(JDK, 'bin/javac'), ['-d', classes,
    path.join(ROOT, 'scripts/tests/native/fixtures/RunTimeLambda.java')]);
  assert.equal(javac.code, 0, javac.stderr);
  const out = path.join(dir, 'out');
  const r = await run(CHECK, ['--classpath', classes, '--main', 'RunTimeLambda', '--name', 'fixture',
    '--arg', '--no-fallback', '--xmx', '3g', '--out', out]);
  assert.equal(r.code, 0, `a lambda GraalVM's own native-image builds was refused\n${tail(r)}`);
  assert.doesNotMatch(r.stdout, /was found in the image heap/, tail(r));
  assert.ok(fs.readdirSync(out, { recursive: true }).some((f) => String(f).endsWith('.o')), 'an object file was written');
});

test("the function's native image builds up to the object file, as the release builds it", async () => {
  const r = await run(CHECK, []);
  assert.equal(r.code, 0, `the function's native build failed\n${tail(r)}`);
  assert.match(r.stdout, /native build of onair\.function\.LambdaBootstrap reached the object file/, tail(r));
  // the release's options reached the builder (lambda/pom.xml's native profile)
  const args = fs.readFileSync(path.join(ROOT, 'lambda/target/native-check/builder.args'), 'utf8');
  assert.match(args, /"-H:FallbackThreshold=0"/);
  assert.match(args, /"-H:MicroArchitecture=compatibility"/);
  assert.match(args, /"-H:Class=onair\.function\.LambdaBootstrap"/);
  assert.match(args, /ResourceConfigurationResources=META-INF\/native-image\/onair\/onair-function\/resource-config\.json/);
  const objects = fs.readdirSync(path.join(ROOT, 'lambda/target/native-check'), { recursive: true })
    .filter((f) => String(f).endsWith('.o'));
  assert.ok(objects.length > 0, 'an object file was written');
});
