// search-engine.js — queries the static index sitegen/search/index.py writes: fetches only the
// term shards a query's stems fall in (and the typo buckets of a word not found), ranks
// title > alias > heading > body (BM25 within a tier), and fetches the records of the results
// listed and the texts of the ones on screen.

import { words, stems } from "./search-words.js";

const TITLE = 8, ALIAS = 4, HEADING = 2;
const PREFIX_WEIGHT = 0.6, TYPO_WEIGHT = 0.5;
const MIN_PREFIX = 3; // no prefix matches of 1–2 letter stems: they would match half the site
const PREFIX_SHARDS = 2;
const TYPED_PREFETCH = 4;
const BASE = 0x60, STEP = 1.12, RECORDS = 16; // sitegen/search/scoring.py, index.py
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
const TF = Array.from({ length: 64 }, (_, n) => STEP ** n);

// A term's postings string (sitegen/search/postings.py) as [doc id, code, …]; skips (code 0) left out.
export function decodePostings(text) {
  const half = text.length >> 1, out = [];
  for (let i = 0, id = -1; i < half; i++) {
    id += text.charCodeAt(i) - BASE;
    const code = text.charCodeAt(half + i) - BASE;
    if (code) out.push(id, code);
  }
  return out;
}

// Damerau–Levenshtein distance (with adjacent swaps), giving up above `limit`.
export function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2 = null, prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}

// Edits a query word may have and still match: one at 5+ letters, two at 9+; but never more
// than its stem can bear (a 3-letter stem one edit away matches too many words).
export const allowedEdits = (word, stem = word) =>
  Math.min(word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0, stem.length >= 7 ? 2 : stem.length >= 4 ? 1 : 0);

// CRC-32 of a string's UTF-8 bytes (zlib's, as sitegen/search/typos.py uses for its buckets).
const CRC = Array.from({ length: 256 }, (_, n) => {
  for (let k = 0; k < 8; k++) n = n & 1 ? 0xedb88320 ^ (n >>> 1) : n >>> 1;
  return n >>> 0;
});
const utf8 = new TextEncoder();
export function crc32(text) {
  let c = 0xffffffff;
  for (const byte of utf8.encode(text)) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// A stem and its one-letter deletions: the keys of the typo index (typos.keys).
export function typoKeys(stem) {
  const letters = [...stem];
  const out = new Set([stem]);
  letters.forEach((_, i) => out.add([...letters.slice(0, i), ...letters.slice(i + 1)].join("")));
  return out;
}

export class SearchIndex {
  constructor(base) {
    this.base = base; // URL of the index folder, ending in "/"
    this.files = new Map();
  }

  fetchJson(name) {
    if (!this.files.has(name)) {
      const request = fetch(new URL(name, this.base)).then((r) => {
        if (!r.ok) throw new Error(`${name}: ${r.status}`);
        return r.json();
      });
      request.catch(() => this.files.delete(name));
      this.files.set(name, request);
    }
    return this.files.get(name);
  }

  async load() {
    const meta = await this.fetchJson("meta.json");
    // Each shard is named by its first stem's CRC-32, a suffix added if two collide (shards.names).
    const seen = new Set();
    this.names = meta.shards.map((first) => {
      const base = crc32(first).toString(16).padStart(8, "0");
      let name = base;
      for (let n = 1; seen.has(name); n++) name = `${base}-${n}`;
      seen.add(name);
      return name;
    });
    this.terms = new Map(); // "shard:place" → a term's decoded postings
    this.meta = meta;
    return meta;
  }

  titleWords(d) {
    return ALPHABET.indexOf(this.meta.titleWords[d]);
  }

  // The shard whose range holds `term`: the last one starting at or before it.
  shardOf(term) {
    const firsts = this.meta.shards;
    let lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  shard(n) {
    return this.fetchJson(`t/${this.names[n]}.json`);
  }

  // The postings of the i-th term of shard n (fetched already), decoded once.
  postingOf(n, shard, i) {
    const key = `${n}:${i}`;
    if (!this.terms.has(key)) this.terms.set(key, decodePostings(shard.p[i]));
    return this.terms.get(key);
  }

  // Fetch what a finished query word will need (its shards, its typo buckets), without ranking.
  prefetch(word) {
    this.fetched ??= new Set();
    if (this.fetched.has(word)) return;
    this.fetched.add(word);
    this.wordMatches(word, false).catch(() => this.fetched.delete(word));
  }

  async exact(term) {
    if (!this.meta.shards.length) return null;
    const n = this.shardOf(term);
    const shard = await this.shard(n);
    const at = shard.t.indexOf(term);
    return at < 0 ? null : this.postingOf(n, shard, at);
  }

  // The shards a prefix search of `prefix` reads: the one it falls in and the next PREFIX_SHARDS - 1
  // that still start with it.
  prefixRange(prefix) {
    const firsts = this.meta.shards, range = [this.shardOf(prefix)];
    for (let n = range[0] + 1; n < Math.min(firsts.length, range[0] + PREFIX_SHARDS) && firsts[n].startsWith(prefix); n++) range.push(n);
    return range;
  }

  // Fetch the shard the word being typed falls in, once its stem has TYPED_PREFETCH letters (a
  // shorter prefix usually falls in another shard than the word: at 10,000 notes each of those
  // is 6–9 KB): the search at the end of typing finds it here.
  prefetchTyped(word) {
    if (!this.meta.shards.length) return;
    for (const s of stems(word, this.meta.langs)) if (s.length >= TYPED_PREFETCH) this.shard(this.shardOf(s)).catch(() => {});
  }

  // Every (term, postings) whose term starts with `prefix`, in the shard the prefix falls in and
  // the next PREFIX_SHARDS - 1: a short prefix of common words would otherwise fetch a long range
  // (the words past it are found once another letter is typed).
  async withPrefix(prefix) {
    const out = [];
    const firsts = this.meta.shards;
    if (!firsts.length) return out;
    // Which shards the range covers is known from meta: they are fetched at once, not one by one.
    const range = this.prefixRange(prefix);
    const shards = await Promise.all(range.map((n) => this.shard(n)));
    range.forEach((n, k) => {
      // Terms with a space stand for whole titles (documents.exact_term): never a prefix match.
      for (const [i, t] of shards[k].t.entries()) if (t.startsWith(prefix) && !t.includes(" ")) out.push([t, this.postingOf(n, shards[k], i)]);
    });
    return out;
  }

  // Terms within `limit` edits of `term`: the typo buckets of its keys hold every term one edit
  // away, wherever the edit is (and many two away); for two edits the terms sharing its first
  // three letters are looked at too.
  async near(term, limit) {
    if (!limit || !this.meta.typo) return [];
    const buckets = [...new Set([...typoKeys(term)].map((k) => crc32(k) % this.meta.typo))].sort((a, b) => a - b);
    const [found, prefixed] = await Promise.all([Promise.all(buckets.map((n) => this.fetchJson(`v/${n}.json`))),
      limit > 1 ? this.withPrefix(term.slice(0, 3)) : []]);
    const candidates = new Set(found.flat());
    for (const [t] of prefixed) candidates.add(t);
    const close = [...candidates].filter((t) => t !== term && distance(term, t, limit) <= limit).sort();
    const postings = await Promise.all(close.map((t) => this.exact(t)));
    return close.map((t, i) => [t, postings[i]]).filter(([, p]) => p);
  }

  // BM25's idf of a term with these postings ([doc id, code, …]).
  idf(postings) {
    const n = postings.length / 2;
    return Math.log(1 + (this.meta.count - n + 0.5) / (n + 0.5));
  }

  docTags(tag) {
    return this.fetchJson("tags.json").then((all) => {
      let at = 0;
      return new Set((all[tag] || []).map((d) => (at += d)));
    });
  }

  // Ranked document ids for a query, and the index terms it matched (for highlighting).
  async search(query, tag = "") {
    const meta = this.meta;
    const list = [...new Set(words(query))];
    const typing = !/\s$/.test(query);
    // Everything the ranking needs is fetched at once: the words' shards, the whole-name terms'
    // (usually the same shards) and the tag's documents; nothing waits on another fetch.
    const names = this.wholeNames(list), tagged = tag ? this.docTags(tag) : null;
    const perWord = await Promise.all(list.map((w, i) => this.wordMatches(w, typing && i === list.length - 1)));
    const matched = new Set();
    const used = perWord.filter((m) => m.docs.size);
    for (const m of used) for (const t of m.terms) matched.add(t);
    let docs = null;
    if (used.length) {
      docs = [...used[0].docs.keys()].filter((d) => used.every((m) => m.docs.has(d)));
    } else if (!list.length && tag) {
      docs = Array.from({ length: meta.count }, (_, d) => d);
    } else {
      return { ids: [], terms: matched };
    }
    if (tag) {
      const has = await tagged;
      docs = docs.filter((d) => has.has(d));
    }
    const exact = await names;
    const keyed = docs.map((d) => {
      let score = 0, all = 15;
      for (const m of used) {
        const hit = m.docs.get(d);
        score += hit.score;
        all &= hit.mask;
      }
      // Tiers: the whole title, a whole alias, every word in the title, in the title or an
      // alias, in a heading, anywhere. Among titles holding every word, the shorter first.
      const whole = exact.get(d) || 0;
      const tier = !used.length ? 5 : whole & TITLE ? 0 : whole & ALIAS ? 1 : all & TITLE ? 2
        : all & (TITLE | ALIAS) ? 3 : all & HEADING ? 4 : 5;
      const extra = tier === 2 ? this.titleWords(d) - used.length : 0;
      return [tier, extra, -score, d];
    });
    keyed.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
    return { ids: keyed.map((k) => k[3]), terms: matched };
  }

  // Document → TITLE/ALIAS bits for the documents whose whole title or alias the query's words are.
  async wholeNames(list) {
    const found = new Map();
    if (!list.length) return found;
    let names = [""];
    for (const w of list) names = names.flatMap((n) => stems(w, this.meta.langs).map((s) => n + s + " ")).slice(0, 16);
    const all = await Promise.all(names.map((name) => this.exact(name)));
    for (const postings of all) {
      for (let i = 0; postings && i < postings.length; i += 2) {
        const d = postings[i];
        found.set(d, (found.get(d) || 0) | (postings[i + 1] & 15));
      }
    }
    return found;
  }

  // Documents one query word finds: its stems exactly, else by prefix while typing, else typos.
  async wordMatches(word, typing) {
    const docs = new Map();
    const terms = [];
    const add = (term, postings, weight, whole) => {
      terms.push(term);
      const idf = this.idf(postings) * weight;
      for (let i = 0; i < postings.length; i += 2) {
        const d = postings[i];
        const score = TF[postings[i + 1] >> 4] * idf, mask = postings[i + 1] & 15;
        const had = docs.get(d);
        if (!had) docs.set(d, { score, mask, whole });
        else {
          had.score = Math.max(had.score, score);
          had.mask |= mask;
          had.whole ||= whole;
        }
      }
    };
    const variants = stems(word, this.meta.langs);
    // The exact stems and the prefix ranges are fetched together (they are mostly one shard).
    const [exact, prefixed] = await Promise.all([Promise.all(variants.map((s) => this.exact(s))),
      Promise.all(variants.map((s) => (typing && s.length >= MIN_PREFIX ? this.withPrefix(s) : [])))]);
    variants.forEach((s, i) => exact[i] && add(s, exact[i], 1, true));
    variants.forEach((s, i) => { for (const [t, p] of prefixed[i]) if (t !== s) add(t, p, PREFIX_WEIGHT, false); });
    if (!docs.size) {
      const near = await Promise.all(variants.map((s) => this.near(s, allowedEdits(word, s))));
      for (const found of near) for (const [t, p] of found) add(t, p, TYPO_WEIGHT, true);
    }
    return { docs, terms };
  }

  // [url, title, text file name] of a document.
  async record(id) {
    return (await this.fetchJson(`r/${Math.floor(id / RECORDS)}.json`))[id % RECORDS];
  }

  // The text of a document, for its excerpt.
  async text(id) {
    return this.fetchJson(`x/${(await this.record(id))[2]}.json`);
  }
}
