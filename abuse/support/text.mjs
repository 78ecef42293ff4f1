// Texts the tests send.

/**
 * `n` CJK characters of varied text (a fixed pseudo-random walk over the common ideographs), as a learner
 * writing Chinese would send: 3 UTF-8 bytes each, and not trivially compressible.
 */
export function cjkText(n, seed = 7) {
  let x = seed;
  let out = "";
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += String.fromCodePoint(0x4e00 + (x % 0x5000));
  }
  return out;
}

/** `n` CJK characters of one repeated phrase: compresses to almost nothing. */
export function repetitiveCjk(n) {
  const phrase = "学而时习之不亦说乎";
  return phrase.repeat(Math.ceil(n / phrase.length)).slice(0, n);
}

/** A question of `words` distinct words: the demo model's reply echoes it, three words per chunk. */
export function longQuestion(words, tag = "w") {
  return Array.from({ length: words }, (_, i) => `${tag}${i}`).join(" ");
}
