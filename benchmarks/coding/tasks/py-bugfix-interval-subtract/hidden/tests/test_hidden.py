import unittest

from intervals import IntervalSet, free_slots


def brute(a, b):
    points = {x for s, e in a for x in range(s, e)} - {x for s, e in b for x in range(s, e)}
    return IntervalSet((x, x + 1) for x in points)


class SubtractHiddenTest(unittest.TestCase):
    def test_several_holes(self):
        a = IntervalSet([(0, 20)])
        b = IntervalSet([(2, 4), (6, 7), (15, 30)])
        self.assertEqual(a.subtract(b).spans(), [(0, 2), (4, 6), (7, 15)])

    def test_hole_spanning_intervals(self):
        a = IntervalSet([(0, 5), (8, 12), (20, 25)])
        b = IntervalSet([(3, 10), (11, 21)])
        self.assertEqual(a.subtract(b).spans(), [(0, 3), (10, 11), (21, 25)])

    def test_operands_unchanged(self):
        a = IntervalSet([(0, 10)])
        b = IntervalSet([(3, 5)])
        a.subtract(b)
        self.assertEqual((a.spans(), b.spans()), ([(0, 10)], [(3, 5)]))

    def test_against_brute_force(self):
        for seed in range(60):
            a = [((seed * 7 + i * 13) % 40, (seed * 7 + i * 13) % 40 + (i * seed) % 9) for i in range(5)]
            b = [((seed * 11 + i * 17) % 40, (seed * 11 + i * 17) % 40 + (i + seed) % 6) for i in range(6)]
            self.assertEqual(IntervalSet(a).subtract(IntervalSet(b)), brute(a, b), (a, b))

    def test_complement_and_free_slots(self):
        self.assertEqual(IntervalSet([(2, 3), (5, 6)]).complement(0, 8).spans(), [(0, 2), (3, 5), (6, 8)])
        self.assertEqual(free_slots([(540, 600), (660, 690)], 480, 720, 30), [(480, 540), (600, 660), (690, 720)])
