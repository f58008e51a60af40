"""Helpers for word games: normalisation, scoring, patterns and anagrams."""

from collections import Counter

LETTER_SCORES = {
    **dict.fromkeys("aeilnorstu", 1),
    **dict.fromkeys("dg", 2),
    **dict.fromkeys("bcmp", 3),
    **dict.fromkeys("fhvwy", 4),
    "k": 5,
    **dict.fromkeys("jx", 8),
    **dict.fromkeys("qz", 10),
}


def normalize(word):
    """Lower-case a word and drop everything but letters."""
    return "".join(ch for ch in word.lower() if ch.isalpha())


def load_words(text):
    """One word per line; blank lines and '#' comments are ignored; duplicates kept once, in order."""
    seen = set()
    words = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line not in seen:
            seen.add(line)
            words.append(line)
    return words


def score(word):
    """Scrabble-style score of a word (non-letters score nothing)."""
    return sum(LETTER_SCORES.get(ch, 0) for ch in normalize(word))


def best_word(words):
    """Highest scoring word; ties go to the earlier word."""
    best = None
    for word in words:
        if best is None or score(word) > score(best):
            best = word
    return best


def can_make(word, rack):
    """True if `word` can be spelled with the letters in `rack` ('?' is a blank)."""
    need = Counter(normalize(word))
    have = Counter(rack.lower())
    blanks = have.pop("?", 0)
    missing = sum(max(0, count - have.get(ch, 0)) for ch, count in need.items())
    return missing <= blanks


def playable(words, rack):
    return [w for w in words if can_make(w, rack)]


def matches_pattern(word, pattern):
    """Pattern letters must match; '.' matches any single letter."""
    word = normalize(word)
    if len(word) != len(pattern):
        return False
    return all(p == "." or p == ch for p, ch in zip(pattern.lower(), word))


def crossword_candidates(words, pattern):
    return sorted({normalize(w) for w in words if matches_pattern(w, pattern)})


def is_palindrome(word):
    letters = normalize(word)
    return letters == letters[::-1]


def is_isogram(word):
    letters = normalize(word)
    return len(set(letters)) == len(letters)


def letter_frequencies(words):
    counts = Counter()
    for word in words:
        counts.update(normalize(word))
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def word_ladder_neighbors(word, words):
    """Words of the same length differing from `word` in exactly one position."""
    word = normalize(word)
    result = []
    for other in words:
        other = normalize(other)
        if len(other) == len(word) and sum(a != b for a, b in zip(word, other)) == 1:
            result.append(other)
    return result


def hangman_mask(word, guessed):
    guessed = set(guessed.lower())
    return "".join(ch if ch in guessed else "_" for ch in normalize(word))


def longest_words(words, n=5):
    """The n longest words (by letters), ties in input order."""
    return sorted(words, key=lambda w: -len(normalize(w)))[:n]


def starts_and_ends(words, letter):
    """Words that start and end with `letter`."""
    letter = letter.lower()
    return [w for w in words if normalize(w)[:1] == letter and normalize(w)[-1:] == letter]


def is_anagram(a, b):
    return sorted(a.lower()) == sorted(b.lower())


def anagrams_of(word, words):
    return [w for w in words if w.lower() != word.lower() and is_anagram(w, word)]


def anagram_groups(words):
    """Groups of (case-insensitive) anagrams, in order of first appearance."""
    by_key = {}
    for w in words:
        by_key.setdefault("".join(sorted(w)), []).append(w)
    return [group for group in by_key.values() if len(group) > 1]


def largest_anagram_group(words):
    groups = anagram_groups(words)
    if not groups:
        return []
    return max(groups, key=len)
