// search-engine.js — queries the static index sitegen/search/index.py writes: fetches only the
// term shards a query's stems fall in, ranks title > alias > heading > body (BM25 within a tier),
// and fetches the excerpt chunks of the results shown.

import { words, stems } from "./search-words.js";

const TITLE = 8, ALIAS = 4, HEADING = 2;
const PREFIX_WEIGHT = 0.6, TYPO_WEIGHT = 0.5;
const MIN_PREFIX = 3; // no prefix matches of 1–2 letter stems: they would match half the site

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

// Edits a word may have and still match: one at 5+ letters, two at 9+.
export const allowedEdits = (word) => (word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0);

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
    this.meta = await this.fetchJson("meta.json");
    return this.meta;
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
    return this.fetchJson(`t/${n}.json`);
  }

  async exact(term) {
    if (!this.meta.shards.length) return null;
    const shard = await this.shard(this.shardOf(term));
    const at = shard.t.indexOf(term);
    return at < 0 ? null : shard.p[at];
  }

  // Every (term, postings) whose term starts with `prefix`, across as many shards as the range spans.
  async withPrefix(prefix) {
    const out = [];
    if (!this.meta.shards.length) return out;
    for (let n = this.shardOf(prefix); n < this.meta.shards.length; n++) {
      if (n > this.shardOf(prefix) && !this.meta.shards[n].startsWith(prefix)) break;
      const shard = await this.shard(n);
      // Terms with a space stand for whole titles (documents.exact_term): never a prefix match.
      shard.t.forEach((t, i) => { if (t.startsWith(prefix) && !t.includes(" ")) out.push([t, shard.p[i]]); });
    }
    return out;
  }

  // Terms within the allowed edits of `term`, looked for among the terms sharing its first three
  // letters (a typo in the first letters is not found: the price of fetching one range only).
  async near(term) {
    const limit = allowedEdits(term);
    if (!limit) return [];
    return (await this.withPrefix(term.slice(0, 3))).filter(([t]) => t !== term && distance(term, t, limit) <= limit);
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
      const tagged = await this.docTags(tag);
      docs = docs.filter((d) => tagged.has(d));
    }
    const exact = await this.wholeNames(list);
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
      const extra = tier === 2 ? meta.titleWords[d] - used.length : 0;
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
    for (const name of names) {
      const postings = await this.exact(name);
      let d = 0;
      for (let i = 0; postings && i < postings.length; i += 2) {
        d += postings[i];
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
      let d = 0;
      for (let i = 0; i < postings.length; i += 2) {
        d += postings[i];
        const score = (postings[i + 1] >> 4) * weight, mask = postings[i + 1] & 15;
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
    for (const s of variants) {
      const postings = await this.exact(s);
      if (postings) add(s, postings, 1, true);
    }
    for (const s of variants) {
      if (typing && s.length >= MIN_PREFIX) {
        for (const [t, p] of await this.withPrefix(s)) if (t !== s) add(t, p, PREFIX_WEIGHT, false);
      }
    }
    if (!docs.size) {
      for (const s of variants) for (const [t, p] of await this.near(s)) add(t, p, TYPO_WEIGHT, true);
    }
    return { docs, terms };
  }

  // [url, title, excerpt text] of a document.
  async doc(id) {
    const chunk = await this.fetchJson(`d/${Math.floor(id / this.meta.chunk)}.json`);
    return chunk[id % this.meta.chunk];
  }
}
