# Baseline for strip-packing (Python port of baseline.js, same algorithm and constants): shelf packing of the
# rectangles sorted by size, then a short random descent over the order and the turns, still packed on shelves.
# Deterministic: its own xorshift32 generator with a fixed seed, and a move budget rather than a clock (the clock only
# guards the time limit). Reads the case on stdin, prints "x y r" per rectangle.
import os
import sys
import time

START = time.perf_counter()


def read_time_limit():
    try:
        return float(os.environ.get("KAIZEN_TIME_LIMIT_MS", "")) or 1000.0
    except ValueError:
        return 1000.0


TIME_LIMIT_MS = read_time_limit()

# Rectangles go in decreasing order of height * width^SORT_WIDTH_POWER (1: by area; 0: by height, as in NFDH).
SORT_WIDTH_POWER = 1
# A rectangle is turned to lie flat when its height exceeds LAY_FLAT_RATIO times its width.
LAY_FLAT_RATIO = 1.5
# Each rectangle tries the SHELF_LOOKBACK newest shelves, newest first (1 = next fit), before opening a new shelf.
SHELF_LOOKBACK = 1
# Descent: SEARCH_FRACTION of the time limit (ms) times MOVES_PER_MS random moves, SWAP_PERCENT of them swaps in the
# order and the rest turns of one rectangle; a move is kept when the height does not grow.
SEARCH_FRACTION = 0.05
MOVES_PER_MS = 20
SWAP_PERCENT = 70
# Stop searching at this share of the time limit whatever the move budget.
SAFETY_FRACTION = 0.8


def elapsed_ms():
    return (time.perf_counter() - START) * 1000.0


def shelf_pack(n, width, rw, rh, order, rot, xs, ys):
    """Packs the rectangles in `order` on shelves (turned where rot[i] = 1); fills xs, ys; returns the height used."""
    base = []
    tall = []
    used = []
    for i in order:
        if rot[i]:
            w, h = rh[i], rw[i]
        else:
            w, h = rw[i], rh[i]
        s = -1
        newest = len(base) - 1
        t = newest
        while t >= 0 and t > newest - SHELF_LOOKBACK:
            # Only the newest shelf may grow taller: nothing lies on it yet.
            if used[t] + w <= width and (t == newest or h <= tall[t]):
                s = t
                break
            t -= 1
        if s < 0:
            base.append(base[-1] + tall[-1] if base else 0)
            tall.append(h)
            used.append(0)
            s = len(base) - 1
        if s == len(base) - 1 and h > tall[s]:
            tall[s] = h
        xs[i] = used[s]
        ys[i] = base[s]
        used[s] += w
    return base[-1] + tall[-1]


def solve(n, width, rw, rh):
    rot = [1 if rh[i] > rw[i] * LAY_FLAT_RATIO else 0 for i in range(n)]
    height = [rw[i] if rot[i] else rh[i] for i in range(n)]
    wide = [rh[i] if rot[i] else rw[i] for i in range(n)]
    order = sorted(range(n), key=lambda i: (-(height[i] * wide[i] ** SORT_WIDTH_POWER), -wide[i], i))

    xs = [0] * n
    ys = [0] * n
    best = shelf_pack(n, width, rw, rh, order, rot, xs, ys)
    state = 2463534242

    def rand(bound):
        nonlocal state
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        return state % bound

    moves = int(SEARCH_FRACTION * TIME_LIMIT_MS * MOVES_PER_MS)
    deadline = SAFETY_FRACTION * TIME_LIMIT_MS
    for move in range(moves):
        if (move & 63) == 0 and elapsed_ms() > deadline:
            break
        if rand(100) < SWAP_PERCENT:
            a = rand(n)
            b = rand(n)
            order[a], order[b] = order[b], order[a]
            h = shelf_pack(n, width, rw, rh, order, rot, xs, ys)
            if h <= best:
                best = h
            else:
                order[a], order[b] = order[b], order[a]
        else:
            i = rand(n)
            rot[i] ^= 1
            h = shelf_pack(n, width, rw, rh, order, rot, xs, ys)
            if h <= best:
                best = h
            else:
                rot[i] ^= 1
    shelf_pack(n, width, rw, rh, order, rot, xs, ys)
    return xs, ys, rot


def main():
    data = sys.stdin.buffer.read().split()
    n, width = int(data[0]), int(data[1])
    rw = [int(data[2 + 2 * i]) for i in range(n)]
    rh = [int(data[3 + 2 * i]) for i in range(n)]
    xs, ys, rot = solve(n, width, rw, rh)
    sys.stdout.write("".join(f"{xs[i]} {ys[i]} {rot[i]}\n" for i in range(n)))


main()
