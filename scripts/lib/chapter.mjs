// Chapters on the command side (scripts/chapter): the title's validation, the PutMetadata payload live viewers get
// as IVS timed metadata, and the broadcast's chapters document stored beside its recording.
//
// The rules have one owner, the contract lambda/api/chapters.schema.json ($defs.chapter: title and time; $defs.cue:
// the payload; chapters.maxItems). This module reads them from that file; the page validates what it reads against
// the same file in its tests. What only the writer knows is here: the payload must fit IVS's 1 KB
// ("Maximum: 1 KB per request", botocore ivs 2020-07-14 PutMetadataRequest.metadata;
// https://docs.aws.amazon.com/ivs/latest/LowLatencyAPIReference/API_PutMetadata.html).
//
// CLI (bash calls it; values arrive as arguments, they are not secret):
//   node scripts/lib/chapter.mjs cue --title T --at TIME        prints the PutMetadata payload, or errors (exit 2)
//   node scripts/lib/chapter.mjs add --current FILE --title T --at TIME
//        prints the broadcast's chapters document with the chapter added, or errors on stderr (exit 2)
//   node scripts/lib/chapter.mjs list --current FILE            prints the chapters, one per line
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCHEMA_PATH = path.join(ROOT, 'lambda/api/chapters.schema.json');
/** IVS PutMetadata: 1 KB per request. */
export const PUT_METADATA_MAX_BYTES = 1024;
export const CUE_TYPE = 'onair.chapter';

export function loadRules(schemaPath = SCHEMA_PATH) {
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const title = schema.$defs.chapter.properties.title;
  const at = schema.$defs.chapter.properties.at;
  return {
    title: { minLength: title.minLength, maxLength: title.maxLength, pattern: new RegExp(title.pattern, 'u') },
    at: new RegExp(at.pattern, 'u'),
    maxChapters: schema.properties.chapters.maxItems,
    version: schema.properties.version.const,
    cueType: schema.$defs.cue.properties.type.const,
  };
}

const chars = (s) => [...s].length; // JSON Schema lengths count code points

function describeBadChar(s) {
  const m = s.match(/[\u0000-\u001f\u007f-\u009f<>]/u);
  if (!m) return null;
  const c = m[0];
  if (c === '<' || c === '>') return `"${c}" (plain text only: no HTML)`;
  if (c === '\n') return 'a line break';
  return `control character U+${c.codePointAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
}

/** Errors (strings) for a chapter title; [] when valid. */
export function titleErrors(value, rules = loadRules()) {
  if (typeof value !== 'string') return ['the chapter title must be text'];
  const n = chars(value);
  if (n < rules.title.minLength || value.trim() === '') return ['the chapter title must not be empty or blank'];
  if (n > rules.title.maxLength) return [`the chapter title is ${n} characters; at most ${rules.title.maxLength}`];
  if (!rules.title.pattern.test(value)) {
    const bad = describeBadChar(value);
    return [`the chapter title must be plain text${bad ? `: it contains ${bad}` : ''}`];
  }
  return [];
}

/** The time as the contract writes it: UTC with milliseconds. */
export function isoMillis(date) {
  return date.toISOString();
}

/** The PutMetadata payload ({json, errors}): the cue live viewers get, at most 1 KB of UTF-8. */
export function cue(title, at, rules = loadRules()) {
  const errors = titleErrors(title, rules);
  if (!rules.at.test(at)) errors.push(`the chapter time must be UTC with milliseconds, like 2026-12-24T18:00:00.000Z (got "${at}")`);
  if (errors.length) return { json: null, errors };
  const json = JSON.stringify({ type: rules.cueType, title, at });
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > PUT_METADATA_MAX_BYTES) {
    return { json: null, errors: [`the timed metadata would be ${bytes} bytes; IVS takes at most ${PUT_METADATA_MAX_BYTES}`] };
  }
  return { json, errors: [] };
}

/** A stored document made safe to extend: {doc, errors}. A document that breaks the contract is not overwritten. */
export function readDocument(text, rules = loadRules()) {
  if (text === null || text === undefined || text.trim() === '') return { doc: { version: rules.version, chapters: [] }, errors: [] };
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return { doc: null, errors: ['the stored chapters are not JSON: fix or delete the object first (nothing changed)'] };
  }
  const errors = [];
  if (!doc || typeof doc !== 'object' || doc.version !== rules.version || !Array.isArray(doc.chapters)) {
    errors.push(`the stored chapters are not a version ${rules.version} document (nothing changed)`);
  } else {
    doc.chapters.forEach((c, i) => {
      const e = c && typeof c === 'object' ? titleErrors(c.title, rules) : ['not an object'];
      if (!c || !rules.at.test(c.at)) e.push('bad time');
      if (e.length) errors.push(`stored chapter ${i + 1}: ${e.join(', ')} (nothing changed)`);
    });
  }
  return { doc: errors.length ? null : doc, errors };
}

/** The document with one more chapter: {json, errors}. */
export function add(currentText, title, at, rules = loadRules()) {
  const { doc, errors } = readDocument(currentText, rules);
  if (errors.length) return { json: null, errors };
  const c = cue(title, at, rules);
  if (c.errors.length) return { json: null, errors: c.errors };
  if (doc.chapters.length >= rules.maxChapters) {
    return { json: null, errors: [`this broadcast already has ${doc.chapters.length} chapters; at most ${rules.maxChapters}`] };
  }
  const chapters = [...doc.chapters, { title, at }].sort((a, b) => a.at.localeCompare(b.at));
  return { json: `${JSON.stringify({ version: rules.version, chapters }, null, 2)}\n`, errors: [] };
}

function parseArgs(argv) {
  const a = {};
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i];
    if (!['--title', '--at', '--current'].includes(k) || i + 1 >= argv.length) throw new Error(`bad argument: ${k}`);
    a[k.slice(2)] = argv[i + 1];
  }
  return a;
}

function main([cmd, ...rest]) {
  const args = parseArgs(rest);
  const current = () => (args.current && fs.existsSync(args.current) ? fs.readFileSync(args.current, 'utf8') : '');
  let result;
  if (cmd === 'cue') result = cue(args.title, args.at);
  else if (cmd === 'add') result = add(current(), args.title, args.at);
  else if (cmd === 'list') {
    const { doc, errors } = readDocument(current());
    if (errors.length) result = { errors };
    else result = { json: doc.chapters.map((c) => `${c.at}  ${c.title}\n`).join(''), errors: [] };
  } else throw new Error('say cue, add or list');
  if (result.errors.length) {
    for (const e of result.errors) process.stderr.write(`invalid: ${e}\n`);
    return 2;
  }
  process.stdout.write(result.json);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exit(main(process.argv.slice(2)));
  } catch (e) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(1);
  }
}
