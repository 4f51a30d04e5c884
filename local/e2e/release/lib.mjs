// Helpers of the release rehearsal (local/e2e/release/*.test.mjs, run by scripts/release-rehearsal): the release
// scripts' own notions (published versions, aliases, release.sh, scratch git repositories, zips). The helpers every
// local/e2e test program shares (processes, the aws CLI, figures) are in ../lib/common.mjs, re-exported here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { aws, awsOrNull, ROOT, run } from '../lib/common.mjs';

export * from '../lib/common.mjs';

// Published version numbers of a function, ascending ($LATEST excluded).
export async function publishedVersions(env, fn) {
  const { Versions } = await aws(env, ['lambda', 'list-versions-by-function', '--function-name', fn]);
  return Versions.map((v) => v.Version).filter((v) => /^\d+$/.test(v)).map(Number).sort((a, b) => a - b);
}

// The version an alias points at (a number), or null when it cannot be read.
export async function aliasVersion(env, fn, alias) {
  const a = await awsOrNull(env, ['lambda', 'get-alias', '--function-name', fn, '--name', alias]);
  return a ? Number(a.FunctionVersion) : null;
}

export async function describeVersion(env, fn, version) {
  const c = await awsOrNull(env, ['lambda', 'get-function-configuration', '--function-name', fn, '--qualifier', String(version)]);
  return c ? c.Description : null;
}

// ------------------------------------------------------------------------------- scripts/lib/release.sh
// Calls one function of scripts/lib/release.sh (what the release workflow calls) with its arguments as argv:
// { code, stdout, stderr }.
export function releaseLib(fn, args, opts = {}) {
  const script = 'source "$1/scripts/lib/common.sh" && source "$1/scripts/lib/release.sh" && fn=$2 && shift 2 && "$fn" "$@"';
  return run('bash', ['-c', script, 'release-lib', ROOT, fn, ...args], opts);
}

// ----------------------------------------------------------------------------------------------- git
// A scratch repository with frontend/ lambda/ terraform/ and one commit per entry of `commits`:
// [{ files: { 'lambda/b': 'b2\n' }, tag: 'v1.2.0' }, ...]. Returns { dir, rev(tag) }.
export async function scratchRepo(dir, commits) {
  const git = async (...args) => {
    const r = await run('git', args, { cwd: dir });
    if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.trim()}`);
    return r.stdout.trim();
  };
  fs.mkdirSync(dir, { recursive: true });
  await git('init', '-q');
  await git('config', 'user.email', 'rehearsal@example.invalid');
  await git('config', 'user.name', 'rehearsal');
  const revs = {};
  for (const [i, c] of commits.entries()) {
    for (const [f, body] of Object.entries(c.files)) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), body);
    }
    await git('add', '-A');
    await git('commit', '-qm', `commit ${i + 1}`);
    await git('tag', c.tag);
    revs[c.tag] = await git('rev-parse', c.tag);
  }
  return { dir, rev: (tag) => revs[tag] };
}

// ----------------------------------------------------------------------------------------------- zip
// CRC-32 (IEEE), as the zip format wants it (node 20 has no zlib.crc32).
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// Writes DEST: the zip SRC (or an empty zip when SRC is null) with one more stored entry NAME. The entries already
// there are copied byte for byte (their Unix modes too: the function's bootstrap stays executable).
// Zip format: APPNOTE.TXT 4.3 (local headers, central directory, end of central directory record; no zip64).
export function zipWithEntry(src, dest, name, content, mode = 0o644) {
  const zip = src ? fs.readFileSync(src) : Buffer.from([0x50, 0x4b, 5, 6, ...Array(18).fill(0)]);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 5, 6]));
  assert.ok(eocd >= 0, `${src}: not a zip file (no end of central directory record)`);
  const entries = zip.readUInt16LE(eocd + 10);
  const cdSize = zip.readUInt32LE(eocd + 12);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the external attributes hold the mode
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38);
  central.writeUInt32LE(cdOffset, 42);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries + 1, 8);
  end.writeUInt16LE(entries + 1, 10);
  end.writeUInt32LE(cdSize + central.length + fileName.length, 12);
  end.writeUInt32LE(cdOffset + local.length + fileName.length + data.length, 16);
  fs.writeFileSync(dest, Buffer.concat([
    zip.subarray(0, cdOffset), local, fileName, data, zip.subarray(cdOffset, cdOffset + cdSize), central, fileName, end,
  ]));
}

