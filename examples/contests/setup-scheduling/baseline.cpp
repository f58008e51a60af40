// Baseline for setup-scheduling (the same algorithm and constants as baseline.js): a set-up-aware dispatch rule, then
// a short random descent (relocate / swap jobs). Deterministic: its own xorshift32 generator with a fixed seed, and a
// move budget rather than a clock (the clock, process CPU time, only guards the time limit). g++ -O2 -std=gnu++20.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

using namespace std;

// Dispatch: slack is measured in units of URGENCY_SCALE mean processing times; a set-up counts SETUP_WEIGHT times its length.
const double URGENCY_SCALE = 2.0;
const double SETUP_WEIGHT = 1.0;
// Descent: SEARCH_FRACTION of the time limit (ms) times MOVES_PER_MS random moves, SWAP_PERCENT of them swaps.
const double SEARCH_FRACTION = 0.05;
const long long MOVES_PER_MS = 1000;
const int SWAP_PERCENT = 50;
// Stop searching at this share of the time limit whatever the move budget.
const double SAFETY_FRACTION = 0.8;

int N, M, F;
vector<int> S0, P, D, W, FAM;
vector<vector<int>> S;

long long machineCost(const vector<int>& seq) {
  long long t = 0, cost = 0;
  int prev = -1;
  for (int j : seq) {
    int fam = FAM[j];
    t += (prev < 0 ? S0[fam] : S[prev][fam]) + P[j];
    prev = fam;
    if (t > D[j]) cost += (long long)W[j] * (t - D[j]);
  }
  return cost;
}

vector<vector<int>> dispatch() {
  long long sumP = 0;
  for (int j = 0; j < N; j++) sumP += P[j];
  double meanP = (double)sumP / N;
  vector<vector<int>> machines(M);
  vector<long long> ready(M, 0);
  vector<int> last(M, -1);
  vector<char> done(N, 0);
  for (int step = 0; step < N; step++) {
    int i = 0;
    for (int k = 1; k < M; k++)
      if (ready[k] < ready[i]) i = k;
    int best = -1;
    double bestPriority = -1;
    for (int j = 0; j < N; j++) {
      if (done[j]) continue;
      long long s = last[i] < 0 ? S0[FAM[j]] : S[last[i]][FAM[j]];
      long long slack = max(0LL, D[j] - P[j] - s - ready[i]);
      double priority = W[j] / (P[j] + SETUP_WEIGHT * s + 1) / (1 + slack / (URGENCY_SCALE * meanP));
      if (priority > bestPriority) bestPriority = priority, best = j;
    }
    done[best] = 1;
    machines[i].push_back(best);
    ready[i] += (last[i] < 0 ? S0[FAM[best]] : S[last[i]][FAM[best]]) + P[best];
    last[i] = FAM[best];
  }
  return machines;
}

int main() {
  const char* env = getenv("KAIZEN_TIME_LIMIT_MS");
  const double timeLimitMs = env && atof(env) > 0 ? atof(env) : 1000.0;
  if (scanf("%d %d %d", &N, &M, &F) != 3) return 0;
  S0.resize(F);
  for (int& x : S0)
    if (scanf("%d", &x) != 1) return 0;
  S.assign(F, vector<int>(F));
  for (auto& row : S)
    for (int& x : row)
      if (scanf("%d", &x) != 1) return 0;
  P.resize(N), D.resize(N), W.resize(N), FAM.resize(N);
  for (int j = 0; j < N; j++)
    if (scanf("%d %d %d %d", &P[j], &D[j], &W[j], &FAM[j]) != 4) return 0;

  vector<vector<int>> machines = dispatch();
  vector<long long> cost(M);
  for (int i = 0; i < M; i++) cost[i] = machineCost(machines[i]);
  uint32_t state = 2463534242u;
  auto rand = [&](uint32_t bound) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return (int)(state % bound);
  };
  const long long moves = (long long)floor(SEARCH_FRACTION * timeLimitMs * MOVES_PER_MS);
  const double deadline = SAFETY_FRACTION * timeLimitMs;
  for (long long move = 0; move < moves; move++) {
    if ((move & 255) == 0 && 1000.0 * (double)clock() / CLOCKS_PER_SEC > deadline) break;
    int a = rand(M);
    int b = rand(M);
    if (machines[a].empty()) continue;
    int i = rand(machines[a].size());
    long long before = a == b ? cost[a] : cost[a] + cost[b];
    if (rand(100) < SWAP_PERCENT) {
      if (machines[b].empty()) continue;
      int k = rand(machines[b].size());
      swap(machines[a][i], machines[b][k]);
      long long ca = machineCost(machines[a]);
      long long cb = a == b ? ca : machineCost(machines[b]);
      if ((a == b ? ca : ca + cb) <= before) {
        cost[a] = ca;
        cost[b] = cb;
      } else {
        swap(machines[a][i], machines[b][k]);
      }
    } else {
      int job = machines[a][i];
      machines[a].erase(machines[a].begin() + i);
      int k = rand(machines[b].size() + 1);
      machines[b].insert(machines[b].begin() + k, job);
      long long ca = machineCost(machines[a]);
      long long cb = a == b ? ca : machineCost(machines[b]);
      if ((a == b ? ca : ca + cb) <= before) {
        cost[a] = ca;
        cost[b] = cb;
      } else {
        machines[b].erase(machines[b].begin() + k);
        machines[a].insert(machines[a].begin() + i, job);
      }
    }
  }

  string out;
  for (const auto& seq : machines) {
    out += to_string(seq.size());
    for (int j : seq) out += ' ' + to_string(j);
    out += '\n';
  }
  fputs(out.c_str(), stdout);
  return 0;
}
