# Lamps — baseline solver (the same algorithm and constants as baseline.js). Reads one case on stdin, prints M then
# M lines "r c". Greedy: adds, one at a time, the lamp that lights the most dark value; then a short hill climb that
# moves single lamps to nearby cells when that does not leave more value dark.
import heapq
import os
import sys
import time

TIME_LIMIT_MS = float(os.environ.get("KAIZEN_TIME_LIMIT_MS") or 0) or 1000.0

# Improvement: SEARCH_MOVES_PER_LAMP * K tries, each moving one random lamp by at most NEIGHBOR_RADIUS rows and
# columns; a move that lights more value is kept, one that changes nothing is kept with PLATEAU_PERMILLE / 1000.
SEARCH_MOVES_PER_LAMP = 20
NEIGHBOR_RADIUS = 2
PLATEAU_PERMILLE = 300
TIME_GUARD = 0.75  # share of the limit, counted in CPU time from process start (time.process_time())
RNG_SEED = 12345


def solve(h, w, k, value):
    n = h * w
    # Row and column segments: maximal runs of floor cells. A lamp lights exactly its row segment and its column
    # segment; a cell is lit when some lamp shares its row segment or its column segment.
    row_seg = [-1] * n
    col_seg = [-1] * n
    row_cells = []
    col_cells = []
    for i in range(n):
        if value[i] == 0:
            continue
        if i % w > 0 and value[i - 1] > 0:
            row_seg[i] = row_seg[i - 1]
        else:
            row_seg[i] = len(row_cells)
            row_cells.append([])
        row_cells[row_seg[i]].append(i)
    for c in range(w):
        for r in range(h):
            i = r * w + c
            if value[i] == 0:
                continue
            if r > 0 and value[i - w] > 0:
                col_seg[i] = col_seg[i - w]
            else:
                col_seg[i] = len(col_cells)
                col_cells.append([])
            col_cells[col_seg[i]].append(i)
    # Lamps per segment, and the dark value of each segment (kept up to date as lamps come and go).
    row_lamps = [0] * len(row_cells)
    col_lamps = [0] * len(col_cells)
    row_dark = [0] * len(row_cells)
    col_dark = [0] * len(col_cells)
    for i in range(n):
        if value[i]:
            row_dark[row_seg[i]] += value[i]
            col_dark[col_seg[i]] += value[i]

    def gain(p):
        a = row_seg[p]
        b = col_seg[p]
        g = row_dark[a] + col_dark[b]
        if row_lamps[a] == 0 and col_lamps[b] == 0:
            g -= value[p]
        return g

    def add(p):
        lit = 0
        a = row_seg[p]
        b = col_seg[p]
        row_lamps[a] += 1
        if row_lamps[a] == 1:
            for i in row_cells[a]:
                if col_lamps[col_seg[i]] == 0:
                    v = value[i]
                    lit += v
                    row_dark[a] -= v
                    col_dark[col_seg[i]] -= v
        col_lamps[b] += 1
        if col_lamps[b] == 1:
            for i in col_cells[b]:
                if row_lamps[row_seg[i]] == 0:
                    v = value[i]
                    lit += v
                    row_dark[row_seg[i]] -= v
                    col_dark[b] -= v
        return lit

    def remove(p):
        dark = 0
        a = row_seg[p]
        b = col_seg[p]
        row_lamps[a] -= 1
        if row_lamps[a] == 0:
            for i in row_cells[a]:
                if col_lamps[col_seg[i]] == 0:
                    v = value[i]
                    dark += v
                    row_dark[a] += v
                    col_dark[col_seg[i]] += v
        col_lamps[b] -= 1
        if col_lamps[b] == 0:
            for i in col_cells[b]:
                if row_lamps[row_seg[i]] == 0:
                    v = value[i]
                    dark += v
                    row_dark[row_seg[i]] += v
                    col_dark[b] += v
        return dark

    # Phase 1: greedy, the largest gain first (ties: the lowest cell index); stops early once everything is lit.
    # Gains only fall as lamps are added, so a lazy heap of stale gains picks exactly what a full scan would.
    lamps = []
    has_lamp = [False] * n
    heap = [(-gain(p), p) for p in range(n) if value[p]]
    heapq.heapify(heap)
    while len(lamps) < k and heap:
        g, p = heapq.heappop(heap)
        fresh = gain(p)
        if fresh != -g:
            heapq.heappush(heap, (-fresh, p))
            continue
        if fresh <= 0:
            break
        add(p)
        has_lamp[p] = True
        lamps.append(p)

    # Phase 2: hill climbing on single-lamp moves.
    seed = RNG_SEED & 0xFFFFFFFF

    def rand():
        nonlocal seed
        seed ^= (seed << 13) & 0xFFFFFFFF
        seed ^= seed >> 17
        seed ^= (seed << 5) & 0xFFFFFFFF
        return seed

    deadline = TIME_GUARD * TIME_LIMIT_MS / 1000.0
    moves = SEARCH_MOVES_PER_LAMP * len(lamps)
    span = 2 * NEIGHBOR_RADIUS + 1
    for it in range(moves):
        if (it & 255) == 0 and time.process_time() > deadline:
            break
        j = rand() % len(lamps)
        p = lamps[j]
        r = p // w + rand() % span - NEIGHBOR_RADIUS
        c = p % w + rand() % span - NEIGHBOR_RADIUS
        if r < 0 or r >= h or c < 0 or c >= w:
            continue
        q = r * w + c
        if value[q] == 0 or has_lamp[q]:
            continue
        delta = add(q) - remove(p)
        if delta > 0 or (delta == 0 and rand() % 1000 < PLATEAU_PERMILLE):
            has_lamp[p] = False
            has_lamp[q] = True
            lamps[j] = q
        else:
            add(p)
            remove(q)
    return lamps


def main():
    lines = sys.stdin.read().split("\n")
    h, w, k = map(int, lines[0].split())
    value = [0] * (h * w)
    for r in range(h):
        row = lines[1 + r]
        for c in range(w):
            ch = row[c]
            value[r * w + c] = ord(ch) - 48 if "0" <= ch <= "9" else 0
    lamps = solve(h, w, k, value)
    out = [str(len(lamps))]
    for p in lamps:
        out.append(f"{p // w} {p % w}")
    sys.stdout.write("\n".join(out) + "\n")


main()
