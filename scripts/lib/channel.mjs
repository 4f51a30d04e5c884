// The channel's info (title, description, next stream) on the command side: validation before anything is stored,
// and the one renderer of the link-preview tags in index.html (used by scripts/channel and scripts/deploy-frontend).
//
// The rules have one owner, the API contract lambda/api/stream-status.schema.json (properties title, description,
// nextStreamAt: lengths and patterns). This module reads them from that file; the function keeps the same
// constants and its ChannelInfoRulesTest checks them against the same file. What only a writer can know is here:
// the announced time must be in the future (and within a year), the stored document must fit SSM's Standard tier.
//
// CLI (bash scripts call it; values arrive as arguments, they are not secret):
//   node scripts/lib/channel.mjs merge  --current FILE [--title T] [--description D] [--next TIME] [--clear-next]
//        prints the new document, or the errors on stderr and exits 2 (nothing to store)
//   node scripts/lib/channel.mjs render --html FILE --info FILE --viewer-url URL [--image URL]
//        prints FILE with its <!-- onair:meta --> block rendered; without --image, the newest thumbnail named by
//        <viewer-url>api/stream when it exists, else the fallback image shipped with the site (og-image.png)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCHEMA_PATH = path.join(ROOT, 'lambda/api/stream-status.schema.json');

/** SSM Standard tier: a value of at most 4 KB (https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html). */
export const SSM_STANDARD_MAX_BYTES = 4096;
/** How far ahead a next stream may be announced (a typo like 2062 instead of 2026 is caught). */
export const NEXT_MAX_AHEAD_DAYS = 366;
export const FALLBACK_IMAGE = 'og-image.png';
export const DEFAULT_TITLE = 'OnAir';
export const DEFAULT_DESCRIPTION = 'Live streams on OnAir.';
const FIELDS = ['title', 'description', 'nextStreamAt'];

export function loadRules(schemaPath = SCHEMA_PATH) {
  const props = JSON.parse(fs.readFileSync(schemaPath, 'utf8')).properties;
  const rules = {};
  for (const f of FIELDS) {
    const p = props[f];
    if (!p || !p.pattern) throw new Error(`${schemaPath}: no rules for ${f}`);
    rules[f] = { minLength: p.minLength ?? 0, maxLength: p.maxLength ?? Infinity, pattern: new RegExp(p.pattern, 'u') };
  }
  return rules;
}

const chars = (s) => [...s].length; // JSON Schema lengths count code points, not UTF-16 units

function describeBadChar(s) {
  const m = s.match(/[\u0000-\u001f\u007f-\u009f<>]/u);
  if (!m) return null;
  const c = m[0];
  if (c === '<' || c === '>') return `"${c}" (plain text only: no HTML)`;
  if (c === '\n') return 'a line break';
  return `control character U+${c.codePointAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
}

/** Errors (strings) for one field's value; [] when valid. */
export function fieldErrors(field, value, { rules = loadRules(), now = new Date() } = {}) {
  const r = rules[field];
  if (value === null || value === undefined) return [];
  if (typeof value !== 'string') return [`${field} must be text`];
  const errors = [];
  const n = chars(value);
  if (n < r.minLength || value.trim() === '') errors.push(`${field} must not be empty or blank`);
  else if (n > r.maxLength) errors.push(`${field} is ${n} characters; at most ${r.maxLength}`);
  if (errors.length === 0 && !r.pattern.test(value)) {
    const bad = describeBadChar(value);
    errors.push(field === 'nextStreamAt'
      ? `nextStreamAt must be an RFC 3339 UTC time in whole seconds, like 2026-12-24T18:00:00Z (got "${value}")`
      : `${field} must be plain text${bad ? `: it contains ${bad}` : ''}`);
  }
  if (field === 'nextStreamAt' && errors.length === 0) {
    const at = new Date(value);
    // 2026-02-30T… matches the pattern; a real date reads back as itself
    if (!Number.isFinite(at.getTime()) || at.toISOString().replace('.000Z', 'Z') !== value) {
      errors.push(`nextStreamAt ${value} is not a calendar date`);
    } else if (at.getTime() <= now.getTime()) {
      errors.push(`nextStreamAt ${value} is not in the future (now ${now.toISOString().replace(/\.\d+Z$/, 'Z')})`);
    } else if (at.getTime() - now.getTime() > NEXT_MAX_AHEAD_DAYS * 86400_000) {
      errors.push(`nextStreamAt ${value} is more than ${NEXT_MAX_AHEAD_DAYS} days ahead`);
    }
  }
  return errors;
}

/** The stored document: only known fields, nulls left out, compact. */
export function serialize(info) {
  const doc = {};
  for (const f of FIELDS) if (info[f] !== null && info[f] !== undefined) doc[f] = info[f];
  return JSON.stringify(doc);
}

/**
 * The new document from the current one and the requested changes. Returns {info, json, errors, notes}: with
 * errors the caller stores nothing. Fields of the current document that no longer hold (an announced time that has
 * passed, a hand-edited value outside the rules) are dropped with a note; every other field is kept as it was.
 */
export function merge(current, changes, { rules = loadRules(), now = new Date() } = {}) {
  const errors = [];
  const notes = [];
  const info = {};
  for (const f of FIELDS) {
    const v = current && typeof current === 'object' ? current[f] ?? null : null;
    if (v !== null && fieldErrors(f, v, { rules, now }).length > 0) {
      notes.push(`dropping the stored ${f} (${fieldErrors(f, v, { rules, now })[0]})`);
      info[f] = null;
    } else {
      info[f] = v;
    }
  }
  for (const f of FIELDS) {
    if (!(f in changes)) continue;
    if (changes[f] === null) {
      info[f] = null;
      continue;
    }
    const e = fieldErrors(f, changes[f], { rules, now });
    if (e.length) errors.push(...e);
    else info[f] = changes[f];
  }
  const json = serialize(info);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > SSM_STANDARD_MAX_BYTES) errors.push(`the stored document would be ${bytes} bytes; SSM allows ${SSM_STANDARD_MAX_BYTES}`);
  return { info, json, errors, notes };
}

// ---------------------------------------------------------------- link previews

/** Text for an HTML attribute value or element content: every character that could end or open markup escaped. */
export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export const META_START = '<!-- onair:meta -->';
export const META_END = '<!-- /onair:meta -->';

/** The tags between the markers, for a channel info (fields may be null), the page URL and an absolute image URL. */
export function metaTags(info, { viewerUrl, imageUrl }) {
  const title = info?.title || DEFAULT_TITLE;
  // previews show one line: line breaks of the description become spaces
  const description = (info?.description || DEFAULT_DESCRIPTION).replace(/\s*\n\s*/g, ' ');
  const t = escapeHtml(title);
  const d = escapeHtml(description);
  const lines = [
    `<title>${t}</title>`,
    `<meta name="description" content="${d}" />`,
    `<meta property="og:type" content="website" />`,
    `<meta property="og:site_name" content="OnAir" />`,
    `<meta property="og:title" content="${t}" />`,
    `<meta property="og:description" content="${d}" />`,
    `<meta property="og:url" content="${escapeHtml(viewerUrl)}" />`,
    `<meta property="og:image" content="${escapeHtml(imageUrl)}" />`,
    `<meta property="og:image:alt" content="${t}" />`,
    `<meta name="twitter:card" content="summary_large_image" />`,
    `<meta name="twitter:title" content="${t}" />`,
    `<meta name="twitter:description" content="${d}" />`,
    `<meta name="twitter:image" content="${escapeHtml(imageUrl)}" />`,
  ];
  return lines.join('\n    ');
}

/** index.html with its meta block replaced; throws when the markers are missing (an unrenderable page). */
export function renderIndex(html, info, { viewerUrl, imageUrl }) {
  const start = html.indexOf(META_START);
  const end = html.indexOf(META_END);
  if (start < 0 || end < start || html.indexOf(META_START, start + 1) >= 0) {
    throw new Error(`index.html has no single ${META_START} … ${META_END} block to render the channel's info into`);
  }
  for (const u of [viewerUrl, imageUrl]) {
    if (!/^https?:\/\/[^\s"'<>]+$/.test(u)) throw new Error(`not an absolute http(s) URL: ${u}`);
  }
  return html.slice(0, start + META_START.length) + '\n    ' + metaTags(info, { viewerUrl, imageUrl }) + '\n    ' + html.slice(end);
}

/** The newest thumbnail when /api/stream names one and it exists (HEAD 200), else the shipped fallback image. */
export async function chooseImage(viewerUrl, fetchImpl = fetch) {
  const base = viewerUrl.endsWith('/') ? viewerUrl : viewerUrl + '/';
  const fallback = new URL(FALLBACK_IMAGE, base).href;
  try {
    const res = await fetchImpl(new URL('api/stream', base), { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return fallback;
    const doc = await res.json();
    if (typeof doc.thumbnailUrl !== 'string' || !/^\/ivs\/v1\/[A-Za-z0-9/_-]+\.jpg$/.test(doc.thumbnailUrl)) return fallback;
    const thumb = new URL(doc.thumbnailUrl, base).href;
    const head = await fetchImpl(thumb, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
    return head.ok ? thumb : fallback;
  } catch {
    return fallback;
  }
}

// ---------------------------------------------------------------- CLI

function parseArgs(argv) {
  const out = { changes: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--current': out.current = value(); break;
      case '--html': out.html = value(); break;
      case '--info': out.info = value(); break;
      case '--viewer-url': out.viewerUrl = value(); break;
      case '--image': out.image = value(); break;
      case '--title': out.changes.title = value(); break;
      case '--description': out.changes.description = value(); break;
      case '--next': out.changes.nextStreamAt = value(); break;
      case '--clear-next': out.changes.nextStreamAt = null; break;
      default: throw new Error(`unknown argument: ${a}`);
    }
  }
  return out;
}

function readJsonFile(file) {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!text) return {};
  try {
    const doc = JSON.parse(text);
    return doc && typeof doc === 'object' && !Array.isArray(doc) ? doc : {};
  } catch {
    process.stderr.write('note: the stored channel info is not JSON; starting from an empty one\n');
    return {};
  }
}

async function main([cmd, ...rest]) {
  const args = parseArgs(rest);
  if (cmd === 'merge') {
    const { json, errors, notes } = merge(readJsonFile(args.current), args.changes);
    for (const n of notes) process.stderr.write(`note: ${n}\n`);
    if (errors.length) {
      for (const e of errors) process.stderr.write(`invalid: ${e}\n`);
      return 2;
    }
    process.stdout.write(json);
    return 0;
  }
  if (cmd === 'render') {
    if (!args.html || !args.info || !args.viewerUrl) throw new Error('render needs --html, --info and --viewer-url');
    const raw = readJsonFile(args.info);
    // what the function would serve: fields outside the rules are left out, a passed time too
    const { info } = merge(raw, {});
    const imageUrl = args.image || (await chooseImage(args.viewerUrl));
    process.stdout.write(renderIndex(fs.readFileSync(args.html, 'utf8'), info, { viewerUrl: args.viewerUrl, imageUrl }));
    return 0;
  }
  throw new Error('say merge or render');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`error: ${e.message}\n`);
      process.exit(1);
    },
  );
}
