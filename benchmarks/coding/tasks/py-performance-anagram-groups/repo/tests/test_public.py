import itertools
import unittest

from wordgames import anagram_groups, can_make, score


class WordGamesTest(unittest.TestCase):
    def test_score_and_rack(self):
        self.assertEqual(score("quiz"), 22)
        self.assertTrue(can_make("quiz", "qui?"))

    def test_anagram_groups(self):
        words = ["listen", "google", "silent", "enlist", "banana", "tinsel", "elgoog"]
        self.assertEqual(anagram_groups(words), [["listen", "silent", "enlist", "tinsel"], ["google", "elgoog"]])

    def test_permutations(self):
        words = ["".join(p) for p in itertools.permutations("abcde")] + ["xy", "q", "yx"]
        groups = anagram_groups(words)
        self.assertEqual([len(g) for g in groups], [120, 2])
        self.assertEqual(groups[1], ["xy", "yx"])
