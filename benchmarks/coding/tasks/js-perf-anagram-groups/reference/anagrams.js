// Grouping words that are anagrams of each other.

// The letters of a word, lower-cased and sorted: 'Listen' -> 'eilnst'.
export function signature(word) {
  return [...word.toLowerCase()].sort().join('');
}

export function areAnagrams(a, b) {
  return a.length === b.length && signature(a) === signature(b);
}

// Groups words that are anagrams of each other. Groups are ordered by their first word's position in the input and
// keep the input order inside; comparison ignores case.
export function groupAnagrams(words) {
  const bySignature = new Map();
  words.forEach((word) => {
    const key = signature(word);
    if (bySignature.has(key)) bySignature.get(key).push(word);
    else bySignature.set(key, [word]);
  });
  return [...bySignature.values()];
}

// The largest group (the first one on ties), or [] for no words.
export function largestGroup(words) {
  let best = [];
  for (const g of groupAnagrams(words)) if (g.length > best.length) best = g;
  return best;
}
