// Reference for courier: the best of four greedy constructions, then an iterated local search — shake (remove a run
// of customers, or those near a random point), shorten (2-opt and relocate), refill greedily with a random prize
// exponent and a little noise — with annealing-style acceptance on the prize. Uses 80% of the time limit.
// Build: g++ -O2 -std=gnu++20 reference.cpp
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <vector>

using namespace std;

static int N, V;
static long long L;
static vector<int> X, Y, P, D;
static vector<vector<int>> nearList;

static inline int dist(int a, int b) { return D[a * V + b]; }

// Leg length ceil(sqrt(dx² + dy²)), exact.
static int leg(int a, int b) {
  long long dx = X[a] - X[b], dy = Y[a] - Y[b];
  long long s = dx * dx + dy * dy;
  long long r = (long long)sqrtl((long double)s);
  while (r * r > s) r--;
  while ((r + 1) * (r + 1) <= s) r++;
  return (int)(r * r == s ? r : r + 1);
}

static uint32_t rngState = 88172645u;
static inline uint32_t rnd() {
  rngState ^= rngState << 13;
  rngState ^= rngState >> 17;
  rngState ^= rngState << 5;
  return rngState;
}
static inline int randInt(int n) { return (int)(rnd() % (uint32_t)n); }
static inline double rand01() { return rnd() / 4294967296.0; }

struct Route {
  vector<int> r;
  long long len = 0;
  long long got = 0;
};

static long long lengthOf(const vector<int>& r) {
  long long len = 0;
  int prev = 0;
  for (int c : r) len += dist(prev, c), prev = c;
  return len + dist(prev, 0);
}

// Shortens r in place with first-improvement 2-opt and relocate passes; returns its length.
static long long shorten(vector<int>& r, long long len) {
  int k = (int)r.size();
  auto at = [&](int i) { return i < 0 || i >= k ? 0 : r[i]; };
  for (int pass = 0; pass < 50; pass++) {
    bool improved = false;
    for (int i = 0; i < k - 1; i++) {
      int a = at(i - 1), b = r[i], ab = dist(a, b);
      for (int j = i + 1; j < k; j++) {
        int c = r[j], d = at(j + 1);
        int delta = dist(a, c) + dist(b, d) - ab - dist(c, d);
        if (delta < 0) {
          reverse(r.begin() + i, r.begin() + j + 1);
          len += delta;
          improved = true;
          break;
        }
      }
    }
    for (int i = 0; i < k; i++) {
      int c = r[i], a = at(i - 1), b = at(i + 1);
      int saved = dist(a, c) + dist(c, b) - dist(a, b);
      int bestPos = -1, bestAdd = saved;
      for (int j = 0; j <= k; j++) {
        if (j == i || j == i + 1) continue;
        int u = at(j - 1), v = at(j);
        int add = dist(u, c) + dist(c, v) - dist(u, v);
        if (add < bestAdd) bestAdd = add, bestPos = j;
      }
      if (bestPos >= 0) {
        r.erase(r.begin() + i);
        r.insert(r.begin() + (bestPos > i ? bestPos - 1 : bestPos), c);
        len -= saved - bestAdd;
        improved = true;
      }
    }
    if (!improved) break;
  }
  return len;
}

// Greedy insertion into s.r of the customers not in used, by prize^power (times 1 + noise·U) / (extra length + 1).
static void fill(Route& s, vector<char>& used, double power, double noise) {
  vector<int> pos(V, 0), cost(V, 0);
  vector<double> weight(V, 0.0);
  vector<int>& r = s.r;
  auto at = [&](int i) { return i < 0 || i >= (int)r.size() ? 0 : r[i]; };
  auto cheapest = [&](int c) {
    int bp = 0, bc = INT32_MAX;
    for (int i = 0; i <= (int)r.size(); i++) {
      int u = at(i - 1), v = at(i);
      int d = dist(u, c) + dist(c, v) - dist(u, v);
      if (d < bc) bc = d, bp = i;
    }
    pos[c] = bp;
    cost[c] = bc;
  };
  for (int c = 1; c <= N; c++) {
    if (used[c]) continue;
    cheapest(c);
    weight[c] = pow((double)P[c], power) * (1 + noise * rand01());
  }
  for (;;) {
    int best = -1;
    double bestRatio = -1;
    for (int c = 1; c <= N; c++) {
      if (used[c] || s.len + cost[c] > L) continue;
      double ratio = weight[c] / (cost[c] + 1);
      if (ratio > bestRatio) bestRatio = ratio, best = c;
    }
    if (best < 0) return;
    int p = pos[best], a = at(p - 1), b = at(p);
    r.insert(r.begin() + p, best);
    used[best] = 1;
    s.len += cost[best];
    s.got += P[best];
    for (int c = 1; c <= N; c++) {
      if (used[c]) continue;
      if (pos[c] == p) {
        cheapest(c);
        continue;
      }
      if (pos[c] > p) pos[c]++;
      int d1 = dist(a, c) + dist(c, best) - dist(a, best);
      if (d1 < cost[c]) cost[c] = d1, pos[c] = p;
      int d2 = dist(best, c) + dist(c, b) - dist(best, b);
      if (d2 < cost[c]) cost[c] = d2, pos[c] = p + 1;
    }
  }
}

int main() {
  auto t0 = chrono::steady_clock::now();
  const char* env = getenv("KAIZEN_TIME_LIMIT_MS");
  double limitMs = env && atof(env) > 0 ? atof(env) : 1000;
  double deadline = 0.8 * limitMs;
  auto elapsed = [&]() { return chrono::duration<double, milli>(chrono::steady_clock::now() - t0).count(); };

  cin >> N >> L;
  V = N + 1;
  X.assign(V, 0), Y.assign(V, 0), P.assign(V, 0);
  cin >> X[0] >> Y[0];
  for (int i = 1; i <= N; i++) cin >> X[i] >> Y[i] >> P[i];
  D.assign(V * V, 0);
  for (int a = 0; a < V; a++)
    for (int b = a; b < V; b++) D[a * V + b] = D[b * V + a] = leg(a, b);
  long long totalPrize = 0;
  for (int i = 1; i <= N; i++) totalPrize += P[i];
  const int NEAR = max(1, min(12, N - 1));
  nearList.assign(V, {});
  for (int a = 0; a < V; a++) {
    vector<int> order;
    for (int c = 1; c <= N; c++)
      if (c != a) order.push_back(c);
    partial_sort(order.begin(), order.begin() + NEAR, order.end(), [&](int u, int v) { return dist(a, u) < dist(a, v); });
    nearList[a].assign(order.begin(), order.begin() + NEAR);
  }

  const double POWERS[] = {1, 1.5, 2, 3};
  Route best;
  for (double power : POWERS) {
    Route s;
    vector<char> used(V, 0);
    fill(s, used, power, 0);
    s.len = shorten(s.r, s.len);
    fill(s, used, power, 0);
    if (s.got > best.got) best = s;
  }

  Route cur = best;
  const double T0 = 0.2 * (double)totalPrize / N;
  double start = elapsed(), span = max(1.0, deadline - start);
  vector<char> used(V);
  for (;;) {
    double now = elapsed();
    if (now >= deadline) break;
    double temp = T0 * (1 - (now - start) / span) + 1e-9;
    Route s;
    s.r = cur.r;
    fill(used.begin(), used.end(), 0);
    for (int c : s.r) used[c] = 1;
    int k = (int)s.r.size();
    if (k > 0 && randInt(2) == 0) {
      int size = 1 + randInt(max(1, k / 4));
      int from = randInt(k);
      int to = min(k, from + size);
      for (int i = from; i < to; i++) used[s.r[i]] = 0;
      s.r.erase(s.r.begin() + from, s.r.begin() + to);
    } else {
      int centre = 1 + randInt(N);
      long long radius = 2LL * (dist(centre, nearList[centre][randInt(NEAR)]) + 1);
      vector<int> kept;
      for (int c : s.r) {
        if (dist(centre, c) <= radius) used[c] = 0;
        else kept.push_back(c);
      }
      if (used[centre] == 0 && (int)kept.size() == k) continue;
      s.r.swap(kept);
    }
    for (int c : s.r) s.got += P[c];
    s.len = shorten(s.r, lengthOf(s.r));
    double power = POWERS[randInt(4)];
    fill(s, used, power, 0.3);
    s.len = shorten(s.r, s.len);
    fill(s, used, power, 0.3);
    if (s.got >= cur.got || rand01() < exp((double)(s.got - cur.got) / temp)) cur = s;
    if (s.got > best.got) best = s;
  }

  string out = to_string(best.r.size()) + "\n";
  for (size_t i = 0; i < best.r.size(); i++) out += (i ? " " : "") + to_string(best.r[i]);
  out += "\n";
  fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
