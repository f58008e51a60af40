import unittest

from pairs import count_pairs


def brute(values, target):
    return sum(1 for i in range(len(values)) for j in range(i + 1, len(values)) if values[i] + values[j] == target)


class PairsHiddenTest(unittest.TestCase):
    def test_equal_halves(self):
        self.assertEqual(count_pairs([3, 3, 3, 3], 6), 6)
        self.assertEqual(count_pairs([0, 0, 5], 0), 1)
        self.assertEqual(count_pairs([-2, 2, 0, 0, 4, -4], 0), 3)

    def test_against_brute_force(self):
        values = [((i * 37) % 23) - 11 for i in range(150)]
        for target in range(-25, 26, 3):
            self.assertEqual(count_pairs(values, target), brute(values, target))

    def test_large(self):
        values = [(i * 2654435761) % 100003 for i in range(60000)]
        self.assertEqual(count_pairs(values, 100003), 9998)
        self.assertEqual(count_pairs([7] * 60000, 14), 60000 * 59999 // 2)
