// Baseline for courier (C++ port of baseline.js, same algorithm and constants): greedy insertion by
// prize / extra length, then a short descent (random 2-opt and relocate moves that shorten the route), refilling the
// freed length greedily every REFILL_INTERVAL moves. Deterministic: xorshift32 with a fixed seed and a move budget
// (the clock only guards the time limit). Reads the case on stdin, prints "K" and the K customers in visiting order.
// Build: g++ -O2 -std=gnu++20 baseline.cpp
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

using namespace std;

static int N, V;
static long long L;
static vector<int> X, Y, P;
static vector<long long> D;

static const double PRIZE_POWER = 1.0;
static const double DIST_OFFSET = 1.0;
static const double SEARCH_FRACTION = 0.05;
static const double MOVES_PER_MS = 200;
static const int TWO_OPT_PERCENT = 50;
static const int REFILL_INTERVAL = 500;
static const double SAFETY_FRACTION = 0.8;

static inline long long dist(int a, int b) { return D[(size_t)a * V + b]; }

static long long routeLength(const vector<int>& route) {
  long long length = 0;
  int prev = 0;
  for (int c : route) length += dist(prev, c), prev = c;
  return length + dist(prev, 0);
}

// Greedy insertion into route (in place); each unvisited customer keeps its cheapest insertion place.
static void refill(vector<int>& route, vector<char>& used) {
  vector<int> pos(V, 0);
  vector<double> cost(V, 0);
  auto at = [&](int i) { return i < 0 || i >= (int)route.size() ? 0 : route[i]; };
  auto cheapest = [&](int c) {
    pos[c] = 0;
    cost[c] = numeric_limits<double>::infinity();
    for (int i = 0; i <= (int)route.size(); i++) {
      double d = (double)(dist(at(i - 1), c) + dist(c, at(i)) - dist(at(i - 1), at(i)));
      if (d < cost[c]) cost[c] = d, pos[c] = i;
    }
  };
  for (int c = 1; c <= N; c++)
    if (!used[c]) cheapest(c);
  long long length = routeLength(route);
  for (;;) {
    int best = -1;
    double bestRatio = -1;
    for (int c = 1; c <= N; c++) {
      if (used[c] || (double)length + cost[c] > (double)L) continue;
      double ratio = pow((double)P[c], PRIZE_POWER) / (cost[c] + DIST_OFFSET);
      if (ratio > bestRatio) bestRatio = ratio, best = c;
    }
    if (best < 0) return;
    int p = pos[best], a = at(p - 1), b = at(p);
    route.insert(route.begin() + p, best);
    used[best] = 1;
    length += (long long)cost[best];
    for (int c = 1; c <= N; c++) {
      if (used[c]) continue;
      if (pos[c] == p) {
        cheapest(c);
        continue;
      }
      if (pos[c] > p) pos[c]++;
      double d1 = (double)(dist(a, c) + dist(c, best) - dist(a, best));
      if (d1 < cost[c]) cost[c] = d1, pos[c] = p;
      double d2 = (double)(dist(best, c) + dist(c, b) - dist(best, b));
      if (d2 < cost[c]) cost[c] = d2, pos[c] = p + 1;
    }
  }
}

int main() {
  auto t0 = chrono::steady_clock::now();
  const char* env = getenv("KAIZEN_TIME_LIMIT_MS");
  double timeLimitMs = env && atof(env) > 0 ? atof(env) : 1000;
  auto elapsed = [&]() { return chrono::duration<double, milli>(chrono::steady_clock::now() - t0).count(); };

  cin >> N >> L;
  V = N + 1;
  X.assign(V, 0), Y.assign(V, 0), P.assign(V, 0);
  cin >> X[0] >> Y[0];
  for (int i = 1; i <= N; i++) cin >> X[i] >> Y[i] >> P[i];
  // Leg length ceil(sqrt(dx² + dy²)), exact.
  D.assign((size_t)V * V, 0);
  for (int a = 0; a < V; a++)
    for (int b = a; b < V; b++) {
      long long dx = X[a] - X[b], dy = Y[a] - Y[b], s = dx * dx + dy * dy;
      long long r = (long long)sqrtl((long double)s);
      while (r * r > s) r--;
      while ((r + 1) * (r + 1) <= s) r++;
      D[(size_t)a * V + b] = D[(size_t)b * V + a] = r * r == s ? r : r + 1;
    }

  vector<int> route;
  vector<char> used(V, 0);
  refill(route, used);
  uint32_t state = 2463534242u;
  auto rand = [&](int bound) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return (int)(state % (uint32_t)bound);
  };
  auto node = [&](int i) { return i < 0 || i >= (int)route.size() ? 0 : route[i]; };
  long long moves = (long long)floor(SEARCH_FRACTION * timeLimitMs * MOVES_PER_MS);
  double deadline = SAFETY_FRACTION * timeLimitMs;
  for (long long move = 1; move <= moves; move++) {
    if ((move & 255) == 0 && elapsed() > deadline) break;
    if (move % REFILL_INTERVAL == 0) refill(route, used);
    int k = (int)route.size();
    if (k < 3) continue;
    if (rand(100) < TWO_OPT_PERCENT) {
      int i = rand(k), j = rand(k);
      if (i > j) swap(i, j);
      if (i == j) continue;
      long long delta = dist(node(i - 1), route[j]) + dist(route[i], node(j + 1)) - dist(node(i - 1), route[i]) - dist(route[j], node(j + 1));
      if (delta < 0) reverse(route.begin() + i, route.begin() + j + 1);
    } else {
      int i = rand(k), j = rand(k);
      int c = route[i];
      long long saved = dist(node(i - 1), c) + dist(c, node(i + 1)) - dist(node(i - 1), node(i + 1));
      route.erase(route.begin() + i);
      long long added = dist(node(j - 1), c) + dist(c, node(j)) - dist(node(j - 1), node(j));
      route.insert(route.begin() + (added < saved ? j : i), c);
    }
  }
  refill(route, used);

  string out = to_string(route.size()) + "\n";
  for (size_t i = 0; i < route.size(); i++) out += (i ? " " : "") + to_string(route[i]);
  out += "\n";
  fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
