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
  const groups = [];
  for (const word of words) {
    const group = groups.find((g) => areAnagrams(g[0], word));
    if (group) group.push(word);
    else groups.push([word]);
  }
  return groups;
}

// The largest group (the first one on ties), or [] for no words.
export function largestGroup(words) {
  let best = [];
  for (const g of groupAnagrams(words)) if (g.length > best.length) best = g;
  return best;
}
