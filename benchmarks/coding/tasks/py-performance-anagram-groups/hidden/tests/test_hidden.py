import unittest

from wordgames import anagram_groups, largest_anagram_group


def make_words(n):
    letters = "abcdefghij"
    words = []
    for i in range(n):
        digits = f"{(i * 7919) % 100000:05d}"
        word = "".join(letters[int(d)] for d in digits)
        words.append(word if i % 3 else word.upper())
    return words


class AnagramHiddenTest(unittest.TestCase):
    def test_case_insensitive_and_dedup(self):
        words = ["Listen", "silent", "listen", "Silent", "silent", "abc", "CAB", "x"]
        self.assertEqual(anagram_groups(words), [["Listen", "silent", "listen", "Silent"], ["abc", "CAB"]])

    def test_duplicates_only_is_not_a_group(self):
        self.assertEqual(anagram_groups(["aa", "aa", "b", "b"]), [])
        self.assertEqual(anagram_groups([]), [])

    def test_order_by_first_word(self):
        self.assertEqual(anagram_groups(["ba", "dc", "cd", "ab"]), [["ba", "ab"], ["dc", "cd"]])

    def test_large(self):
        words = make_words(40000)
        groups = anagram_groups(words)
        self.assertEqual(len(groups), 1959)
        self.assertEqual(sum(len(g) for g in groups), 39969)
        self.assertEqual(groups[0][:4], ["ahjbj", "hjbja", "jbajh", "ABHJJ"])
        self.assertEqual(len(largest_anagram_group(words)), 62)
