# Baseline for setup-scheduling (the same algorithm and constants as baseline.js): a set-up-aware dispatch rule, then
# a short random descent (relocate / swap jobs). Deterministic: its own xorshift32 generator with a fixed seed, and a
# move budget rather than a clock (the clock, process CPU time, only guards the time limit).
import math
import os
import sys
import time

TIME_LIMIT_MS = float(os.environ.get("KAIZEN_TIME_LIMIT_MS") or 0) or 1000.0

data = list(map(int, sys.stdin.read().split()))
N, M, F = data[0], data[1], data[2]
at = 3
S0 = data[at : at + F]
at += F
S = []
for a in range(F):
    S.append(data[at : at + F])
    at += F
P, D, W, FAM = [], [], [], []
for j in range(N):
    P.append(data[at])
    D.append(data[at + 1])
    W.append(data[at + 2])
    FAM.append(data[at + 3])
    at += 4

# Dispatch: slack is measured in units of URGENCY_SCALE mean processing times; a set-up counts SETUP_WEIGHT times its length.
URGENCY_SCALE = 2.0
SETUP_WEIGHT = 1.0
# Descent: SEARCH_FRACTION of the time limit (ms) times MOVES_PER_MS random moves, SWAP_PERCENT of them swaps.
SEARCH_FRACTION = 0.05
MOVES_PER_MS = 1000
SWAP_PERCENT = 50
# Stop searching at this share of the time limit whatever the move budget.
SAFETY_FRACTION = 0.8


def machine_cost(seq):
    t = 0
    prev = -1
    cost = 0
    for j in seq:
        fam = FAM[j]
        t += (S0[fam] if prev < 0 else S[prev][fam]) + P[j]
        prev = fam
        if t > D[j]:
            cost += W[j] * (t - D[j])
    return cost


def dispatch():
    mean_p = sum(P) / N
    machines = [[] for _ in range(M)]
    ready = [0] * M
    last = [-1] * M
    done = [False] * N
    for _ in range(N):
        i = 0
        for k in range(1, M):
            if ready[k] < ready[i]:
                i = k
        best = -1
        best_priority = -1.0
        for j in range(N):
            if done[j]:
                continue
            s = S0[FAM[j]] if last[i] < 0 else S[last[i]][FAM[j]]
            slack = max(0, D[j] - P[j] - s - ready[i])
            priority = W[j] / (P[j] + SETUP_WEIGHT * s + 1) / (1 + slack / (URGENCY_SCALE * mean_p))
            if priority > best_priority:
                best_priority = priority
                best = j
        done[best] = True
        machines[i].append(best)
        ready[i] += (S0[FAM[best]] if last[i] < 0 else S[last[i]][FAM[best]]) + P[best]
        last[i] = FAM[best]
    return machines


def solve():
    machines = dispatch()
    cost = [machine_cost(seq) for seq in machines]
    state = 2463534242

    def rand(bound):
        nonlocal state
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        return state % bound

    moves = math.floor(SEARCH_FRACTION * TIME_LIMIT_MS * MOVES_PER_MS)
    deadline = SAFETY_FRACTION * TIME_LIMIT_MS
    for move in range(moves):
        if (move & 255) == 0 and time.process_time() * 1000 > deadline:
            break
        a = rand(M)
        b = rand(M)
        if not machines[a]:
            continue
        i = rand(len(machines[a]))
        before = cost[a] if a == b else cost[a] + cost[b]
        if rand(100) < SWAP_PERCENT:
            if not machines[b]:
                continue
            k = rand(len(machines[b]))
            machines[a][i], machines[b][k] = machines[b][k], machines[a][i]
            ca = machine_cost(machines[a])
            cb = ca if a == b else machine_cost(machines[b])
            if (ca if a == b else ca + cb) <= before:
                cost[a] = ca
                cost[b] = cb
            else:
                machines[a][i], machines[b][k] = machines[b][k], machines[a][i]
        else:
            job = machines[a].pop(i)
            k = rand(len(machines[b]) + 1)
            machines[b].insert(k, job)
            ca = machine_cost(machines[a])
            cb = ca if a == b else machine_cost(machines[b])
            if (ca if a == b else ca + cb) <= before:
                cost[a] = ca
                cost[b] = cb
            else:
                machines[b].pop(k)
                machines[a].insert(i, job)
    return machines


answer = solve()
sys.stdout.write("".join(" ".join(map(str, [len(seq)] + seq)) + "\n" for seq in answer))
