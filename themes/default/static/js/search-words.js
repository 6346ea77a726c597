// search-words.js — the browser's half of sitegen/search/tokens.py: the same folding, word
// splitting and Snowball stemmers, so a query's stems are the ones the index was built with.

import Russian from "./snowball/russian-stemmer.js";
import English from "./snowball/english-stemmer.js";

// Russian and English are always needed (Latin words on any page are stemmed as English);
// Polish only on sites with Polish pages: `ready(langs)` loads it.
const STEMMERS = { russian: new Russian(), english: new English() };

export async function ready(langs) {
  if (langs.includes("pl") && !STEMMERS.polish) STEMMERS.polish = new (await import("./snowball/polish-stemmer.js")).default();
}
const WORD = /[\p{L}\p{N}]+/gu; // as Python's [^\W_]+
const CYRILLIC = /[\u0400-\u04ff]/;
const DIGITS = /^\p{Nd}+$/u;

// Lower case, composed (й stays one letter), ё read as е.
export const fold = (text) => text.normalize("NFC").toLowerCase().replaceAll("ё", "е");

export const words = (text) => fold(text).match(WORD) || [];

// The stemmer a folded word takes on a page of language `lang` (tokens.language_of).
export function languageOf(word, lang) {
  if (CYRILLIC.test(word)) return "russian";
  if (DIGITS.test(word)) return "";
  const base = (lang || "").split("-")[0].toLowerCase();
  return base === "pl" ? "polish" : "english";
}

export function stem(word, lang) {
  const algorithm = languageOf(word, lang);
  return algorithm ? STEMMERS[algorithm].stemWord(word) : word;
}

// Every stem a query word may have been indexed under, given the site's page languages.
export function stems(word, langs) {
  return [...new Set((langs.length ? langs : ["ru"]).map((lang) => stem(word, lang)))];
}
