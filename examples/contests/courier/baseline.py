# Baseline for courier (Python port of baseline.js, same algorithm and constants): greedy insertion by
# prize / extra length, then a short descent (random 2-opt and relocate moves that shorten the route), refilling the
# freed length greedily every REFILL_INTERVAL moves. Deterministic: xorshift32 with a fixed seed and a move budget
# (the clock only guards the time limit). Reads the case on stdin, prints "K" and the K customers in visiting order.
import math
import os
import sys
import time

START = time.perf_counter()
TIME_LIMIT_MS = float(os.environ.get("KAIZEN_TIME_LIMIT_MS") or 0) or 1000.0

data = list(map(int, sys.stdin.read().split()))
N, L = data[0], data[1]
X, Y, P = [data[2]], [data[3]], [0]
for i in range(N):
    X.append(data[4 + 3 * i])
    Y.append(data[5 + 3 * i])
    P.append(data[6 + 3 * i])

# Leg length ceil(sqrt(dx^2 + dy^2)), exact; D[a][b] for points 0 (depot) .. N.
V = N + 1
isqrt = math.isqrt


def leg(s):
    r = isqrt(s)
    return r if r * r == s else r + 1


D = [[leg((xa - xb) * (xa - xb) + (ya - yb) * (ya - yb)) for xb, yb in zip(X, Y)] for xa, ya in zip(X, Y)]

PRIZE_POWER = 1.0
DIST_OFFSET = 1.0
SEARCH_FRACTION = 0.05
MOVES_PER_MS = 200
TWO_OPT_PERCENT = 50
REFILL_INTERVAL = 500
SAFETY_FRACTION = 0.8


def elapsed_ms():
    return (time.perf_counter() - START) * 1000.0


def route_length(route):
    length, prev = 0, 0
    for c in route:
        length += D[prev][c]
        prev = c
    return length + D[prev][0]


def refill(route, used):
    """Greedy insertion into route (in place); each unvisited customer keeps its cheapest insertion place."""
    pos = [0] * V
    cost = [0] * V

    def at(i):
        return route[i] if 0 <= i < len(route) else 0

    def cheapest(c):
        # The first place with the least extra length, as in the JavaScript loop with a strict "<".
        row = D[c]
        extra = [row[u] + row[v] - D[u][v] for u, v in zip([0] + route, route + [0])]
        best_pos = min(range(len(extra)), key=extra.__getitem__)
        pos[c], cost[c] = best_pos, extra[best_pos]

    for c in range(1, N + 1):
        if not used[c]:
            cheapest(c)
    length = route_length(route)
    while True:
        best, best_ratio = -1, -1.0
        for c in range(1, N + 1):
            if used[c] or length + cost[c] > L:
                continue
            ratio = P[c] ** PRIZE_POWER / (cost[c] + DIST_OFFSET)
            if ratio > best_ratio:
                best_ratio, best = ratio, c
        if best < 0:
            return
        p = pos[best]
        a, b = at(p - 1), at(p)
        route.insert(p, best)
        used[best] = 1
        length += cost[best]
        for c in range(1, N + 1):
            if used[c]:
                continue
            if pos[c] == p:
                cheapest(c)
                continue
            if pos[c] > p:
                pos[c] += 1
            row = D[c]
            d1 = row[a] + row[best] - D[a][best]
            if d1 < cost[c]:
                cost[c], pos[c] = d1, p
            d2 = row[best] + row[b] - D[best][b]
            if d2 < cost[c]:
                cost[c], pos[c] = d2, p + 1


def solve():
    route = []
    used = [0] * V
    refill(route, used)
    state = 2463534242

    def rand(bound):
        nonlocal state
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        return state % bound

    def node(i):
        return route[i] if 0 <= i < len(route) else 0

    def dist(a, b):
        return D[a][b]

    moves = math.floor(SEARCH_FRACTION * TIME_LIMIT_MS * MOVES_PER_MS)
    deadline = SAFETY_FRACTION * TIME_LIMIT_MS
    for move in range(1, moves + 1):
        if (move & 255) == 0 and elapsed_ms() > deadline:
            break
        if move % REFILL_INTERVAL == 0:
            refill(route, used)
        k = len(route)
        if k < 3:
            continue
        if rand(100) < TWO_OPT_PERCENT:
            i, j = rand(k), rand(k)
            if i > j:
                i, j = j, i
            if i == j:
                continue
            delta = (dist(node(i - 1), route[j]) + dist(route[i], node(j + 1))
                     - dist(node(i - 1), route[i]) - dist(route[j], node(j + 1)))
            if delta < 0:
                route[i:j + 1] = route[i:j + 1][::-1]
        else:
            i, j = rand(k), rand(k)
            c = route[i]
            saved = dist(node(i - 1), c) + dist(c, node(i + 1)) - dist(node(i - 1), node(i + 1))
            del route[i]
            added = dist(node(j - 1), c) + dist(c, node(j)) - dist(node(j - 1), node(j))
            route.insert(j if added < saved else i, c)
    refill(route, used)
    return route


route = solve()
sys.stdout.write(f"{len(route)}\n{' '.join(map(str, route))}\n")
