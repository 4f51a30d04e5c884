// release_changes (the release workflow's prepare job, scripts/lib/release.sh) on a scratch git repository:
// v1.0.0, v1.1.0 (the function changes), v1.1.1 (only a README), v1.2.0-rc.1 (Terraform and the page).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expect, releaseLib, scratchRepo, tmpDir } from './lib.mjs';

describe('release_changes (the workflow\'s prepare job) on a scratch repository', () => {
  const work = tmpDir('rehearsal-changes');
  let repo;
  before(async () => {
    repo = await scratchRepo(path.join(work, 'changes'), [
      { files: { 'frontend/a': 'a\n', 'lambda/b': 'b\n', 'terraform/c': 'c\n' }, tag: 'v1.0.0' },
      { files: { 'lambda/b': 'b2\n' }, tag: 'v1.1.0' },
      { files: { README: 'x\n' }, tag: 'v1.1.1' },
      { files: { 'terraform/c': 'c2\n', 'frontend/a': 'a2\n' }, tag: 'v1.2.0-rc.1' },
    ]);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  // release_changes TAG DEPLOYED... as one line without the *_base= entries, as the old rehearsal compared it
  const changes = async (tag, ...deployed) => {
    const r = await releaseLib('release_changes', [tag, ...deployed], { cwd: repo.dir });
    assert.equal(r.code, 0, `release_changes ${tag} exited ${r.code}: ${r.stderr.trim()}`);
    return r.stdout.trim().split('\n').filter((l) => !l.includes('_base=')).join(' ');
  };
  // every part deployed from TAG's commit
  const at = (tag) => ['frontend', 'lambda', 'terraform'].map((p) => `${p}=${repo.rev(tag)}`);

  test('first tag, nothing deployed: everything', async (t) => {
    expect(t, await changes('v1.0.0'), 'version=1.0.0 previous= frontend=true lambda=true terraform=true');
  });
  test('lambda only', async (t) => {
    expect(t, await changes('v1.1.0', ...at('v1.0.0')), 'version=1.1.0 previous=v1.0.0 frontend=false lambda=true terraform=false');
  });
  test('nothing deployable', async (t) => {
    expect(t, await changes('v1.1.1', ...at('v1.1.0')), 'version=1.1.1 previous=v1.1.0 frontend=false lambda=false terraform=false');
  });
  test('frontend + terraform, pre-release tag', async (t) => {
    expect(t, await changes('v1.2.0-rc.1', ...at('v1.1.1')), 'version=1.2.0-rc.1 previous=v1.1.1 frontend=true lambda=false terraform=true');
  });
  test('function rolled back at the previous tag: it ships with the next one', async (t) => {
    // v1.1.0's function deploy was rolled back: the function is still at v1.0.0
    const deployed = [`frontend=${repo.rev('v1.1.0')}`, `lambda=${repo.rev('v1.0.0')}`, `terraform=${repo.rev('v1.1.0')}`];
    expect(t, await changes('v1.1.1', ...deployed), 'version=1.1.1 previous=v1.1.0 frontend=false lambda=true terraform=false');
  });
  test('unknown or empty record: that part deploys', async (t) => {
    // a recorded commit this clone does not have, and an empty record
    const deployed = ['frontend=0123456789abcdef0123456789abcdef01234567', 'lambda=', `terraform=${repo.rev('v1.1.0')}`];
    expect(t, await changes('v1.1.1', ...deployed), 'version=1.1.1 previous=v1.1.0 frontend=true lambda=true terraform=false');
  });
});
