# Districts — baseline solver (the same algorithm and constants as baseline.js). Reads one case on stdin, prints
# H lines of W district ids. Grows the districts one at a time from the top-left of the unassigned area (each stops as
# soon as the running population total reaches its share, so every district is balanced), then moves boundary cells
# to shorten the cut.
import heapq
import os
import sys
import time

START = time.perf_counter()
TIME_LIMIT_MS = float(os.environ.get("KAIZEN_TIME_LIMIT_MS") or 0) or 1000.0

# Growth: a district takes the frontier cell with the smallest weighted squared distance to its anchor cell.
ROW_WEIGHT = 1
COL_WEIGHT = 1
# Improvement: random boundary-cell moves, SEARCH_MOVES_PER_CELL * H * W tries, stopped at TIME_GUARD of the limit.
SEARCH_MOVES_PER_CELL = 4
PLATEAU_PERMILLE = 300  # chance (in 1/1000) to take a move that leaves the cut unchanged
TIME_GUARD = 0.8
RNG_SEED = 12345

FREE = -1


def solve(h, w, k, pop):
    n = h * w
    total = sum(pop)
    # A district's population p is allowed when 10*|k*p - total| <= total.
    lo = -((-9 * total) // (10 * k))
    hi = (11 * total) // (10 * k)

    # The 8 cells around each cell in ring order (N, NE, E, SE, S, SW, W, NW), -1 outside; and the 4-neighbours.
    rings = []
    nbs = []
    for r in range(h):
        for c in range(w):
            i = r * w + c
            up, down, left, right = r > 0, r < h - 1, c > 0, c < w - 1
            rings.append((
                i - w if up else -1,
                i - w + 1 if up and right else -1,
                i + 1 if right else -1,
                i + w + 1 if down and right else -1,
                i + w if down else -1,
                i + w - 1 if down and left else -1,
                i - 1 if left else -1,
                i - w - 1 if up and left else -1,
            ))
            nbs.append((i - w if up else -1, i + w if down else -1, i - 1 if left else -1, i + 1 if right else -1))

    def locally_simple(i, label, ids):
        # True when the 4-neighbours of i labelled `label` are joined through the ring around i.
        ring = rings[i]
        edges = 0
        joins = 0
        for t in (0, 2, 4, 6):
            a = ring[t]
            if a < 0 or ids[a] != label:
                continue
            edges += 1
            b = ring[t + 1]
            nx = ring[(t + 2) & 7]
            if b >= 0 and ids[b] == label and nx >= 0 and ids[nx] == label:
                joins += 1
        if edges == 0:
            return False
        return edges - joins <= 1 or (edges == 4 and joins == 4)

    ids = [FREE] * n

    def grow():
        cum = 0
        scan = 0
        for d in range(k - 1):
            target = (d + 1) * total
            anchor = -1
            for j in range(scan, n):
                i = (j % h) * w + j // h  # column-major order
                if ids[i] == FREE and locally_simple(i, FREE, ids):
                    anchor = i
                    break
            if anchor < 0:
                return False
            ar, ac = divmod(anchor, w)
            heap = [anchor]
            while k * cum < target:
                i = -1
                while heap:
                    cand = heapq.heappop(heap) % 4096
                    if ids[cand] == FREE and (cand == anchor or locally_simple(cand, FREE, ids)):
                        i = cand
                        break
                if i < 0:
                    return False
                ids[i] = d
                cum += pop[i]
                for j in nbs[i]:
                    if j < 0 or ids[j] != FREE:
                        continue
                    dr = j // w - ar
                    dc = j % w - ac
                    heapq.heappush(heap, (ROW_WEIGHT * dr * dr + COL_WEIGHT * dc * dc) * 4096 + j)
            while scan < n and ids[(scan % h) * w + scan // h] != FREE:
                scan += 1
        for i in range(n):
            if ids[i] == FREE:
                ids[i] = k - 1
        return True

    def snake():
        # Fallback, always valid: cut the boustrophedon path through the rows at the running population shares.
        cum = 0
        d = 0
        for r in range(h):
            for t in range(w):
                i = r * w + (t if r % 2 == 0 else w - 1 - t)
                ids[i] = d
                cum += pop[i]
                if d < k - 1 and k * cum >= (d + 1) * total:
                    d += 1

    if not grow():
        snake()

    sums = [0] * k
    for i in range(n):
        sums[ids[i]] += pop[i]
    seed = RNG_SEED & 0xFFFFFFFF
    deadline = START + TIME_GUARD * TIME_LIMIT_MS / 1000.0
    moves = SEARCH_MOVES_PER_CELL * n
    for it in range(moves):
        if (it & 255) == 0 and time.perf_counter() > deadline:
            break
        seed ^= (seed << 13) & 0xFFFFFFFF
        seed ^= seed >> 17
        seed ^= (seed << 5) & 0xFFFFFFFF
        i = seed % n
        d = ids[i]
        nb = [ids[j] if j >= 0 else -1 for j in nbs[i]]
        same = 0
        best = -1
        best_count = 0
        for e in nb:
            if e < 0:
                continue
            if e == d:
                same += 1
                continue
            count = nb.count(e)
            if count > best_count:
                best_count = count
                best = e
        if best < 0 or same == 0:
            continue
        delta = same - best_count  # change in the number of cut edges
        if delta > 0:
            continue
        if delta == 0:
            seed ^= (seed << 13) & 0xFFFFFFFF
            seed ^= seed >> 17
            seed ^= (seed << 5) & 0xFFFFFFFF
            if seed % 1000 >= PLATEAU_PERMILLE:
                continue
        p = pop[i]
        if sums[d] - p < lo or sums[best] + p > hi:
            continue
        if not locally_simple(i, d, ids):
            continue
        ids[i] = best
        sums[d] -= p
        sums[best] += p
    return ids


def main():
    data = sys.stdin.read().split()
    h, w, k = int(data[0]), int(data[1]), int(data[2])
    pop = [int(x) for x in data[3 : 3 + h * w]]
    ids = solve(h, w, k, pop)
    sys.stdout.write("\n".join(" ".join(map(str, ids[r * w : (r + 1) * w])) for r in range(h)) + "\n")


main()
