// Districts — baseline solver (the same algorithm and constants as baseline.js). Reads one case on stdin, prints
// H lines of W district ids. Grows the districts one at a time from the top-left of the unassigned area (each stops
// as soon as the running population total reaches its share, so every district is balanced), then moves boundary
// cells to shorten the cut.
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <queue>
#include <string>
#include <vector>

using namespace std;

// Growth: a district takes the frontier cell with the smallest weighted squared distance to its anchor cell.
static const long long ROW_WEIGHT = 1;
static const long long COL_WEIGHT = 1;
// Improvement: random boundary-cell moves, SEARCH_MOVES_PER_CELL * H * W tries, stopped at TIME_GUARD of the limit.
static const long long SEARCH_MOVES_PER_CELL = 4;
static const uint32_t PLATEAU_PERMILLE = 300;  // chance (in 1/1000) to take a move that leaves the cut unchanged
static const double TIME_GUARD = 0.8;
static const uint32_t RNG_SEED = 12345;

static const int FREE = -1;
static int h, w, k, n;
static vector<int> pop, ids;
static vector<array<int, 8>> rings;
static vector<array<int, 4>> nbs;

// True when the 4-neighbours of i labelled `label` are joined through the ring around i, so taking i out of a
// connected set with that label leaves it connected (a local, conservative test).
static bool locallySimple(int i, int label) {
  const auto& ring = rings[i];
  int edges = 0, joins = 0;
  for (int t = 0; t < 8; t += 2) {
    int a = ring[t];
    if (a < 0 || ids[a] != label) continue;
    edges++;
    int b = ring[t + 1], nx = ring[(t + 2) & 7];
    if (b >= 0 && ids[b] == label && nx >= 0 && ids[nx] == label) joins++;
  }
  if (edges == 0) return false;
  return edges - joins <= 1 || (edges == 4 && joins == 4);
}

static bool grow(long long total) {
  long long cum = 0;
  int scan = 0;
  for (int d = 0; d < k - 1; d++) {
    long long target = (long long)(d + 1) * total;
    int anchor = -1;
    for (int j = scan; j < n; j++) {
      int i = (j % h) * w + j / h;  // column-major order
      if (ids[i] == FREE && locallySimple(i, FREE)) {
        anchor = i;
        break;
      }
    }
    if (anchor < 0) return false;
    int ar = anchor / w, ac = anchor % w;
    priority_queue<long long, vector<long long>, greater<long long>> heap;
    heap.push(anchor);
    while ((long long)k * cum < target) {
      int i = -1;
      while (!heap.empty()) {
        int cand = (int)(heap.top() % 4096);
        heap.pop();
        if (ids[cand] == FREE && (cand == anchor || locallySimple(cand, FREE))) {
          i = cand;
          break;
        }
      }
      if (i < 0) return false;
      ids[i] = d;
      cum += pop[i];
      for (int j : nbs[i]) {
        if (j < 0 || ids[j] != FREE) continue;
        long long dr = j / w - ar, dc = j % w - ac;
        heap.push((ROW_WEIGHT * dr * dr + COL_WEIGHT * dc * dc) * 4096 + j);
      }
    }
    while (scan < n && ids[(scan % h) * w + scan / h] != FREE) scan++;
  }
  for (int i = 0; i < n; i++)
    if (ids[i] == FREE) ids[i] = k - 1;
  return true;
}

// Fallback, always valid: cut the boustrophedon path through the rows at the running population shares.
static void snake(long long total) {
  long long cum = 0;
  int d = 0;
  for (int r = 0; r < h; r++)
    for (int t = 0; t < w; t++) {
      int i = r * w + (r % 2 == 0 ? t : w - 1 - t);
      ids[i] = d;
      cum += pop[i];
      if (d < k - 1 && (long long)k * cum >= (long long)(d + 1) * total) d++;
    }
}

int main() {
  auto start = chrono::steady_clock::now();
  const char* env = getenv("KAIZEN_TIME_LIMIT_MS");
  double limitMs = env && atof(env) > 0 ? atof(env) : 1000.0;
  if (!(cin >> h >> w >> k)) return 0;
  n = h * w;
  pop.assign(n, 0);
  long long total = 0;
  for (int i = 0; i < n; i++) {
    cin >> pop[i];
    total += pop[i];
  }
  // A district's population p is allowed when 10*|k*p - total| <= total.
  long long lo = (9 * total + 10LL * k - 1) / (10LL * k);
  long long hi = (11 * total) / (10LL * k);

  rings.resize(n);
  nbs.resize(n);
  for (int r = 0; r < h; r++)
    for (int c = 0; c < w; c++) {
      int i = r * w + c;
      bool up = r > 0, down = r < h - 1, left = c > 0, right = c < w - 1;
      rings[i] = {up ? i - w : -1,          up && right ? i - w + 1 : -1, right ? i + 1 : -1,
                  down && right ? i + w + 1 : -1, down ? i + w : -1,       down && left ? i + w - 1 : -1,
                  left ? i - 1 : -1,         up && left ? i - w - 1 : -1};
      nbs[i] = {up ? i - w : -1, down ? i + w : -1, left ? i - 1 : -1, right ? i + 1 : -1};
    }

  ids.assign(n, FREE);
  if (!grow(total)) snake(total);

  vector<long long> sums(k, 0);
  for (int i = 0; i < n; i++) sums[ids[i]] += pop[i];
  uint32_t seed = RNG_SEED;
  auto rnd = [&]() {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
  };
  long long moves = SEARCH_MOVES_PER_CELL * n;
  for (long long it = 0; it < moves; it++) {
    if ((it & 255) == 0 &&
        chrono::duration<double, milli>(chrono::steady_clock::now() - start).count() > TIME_GUARD * limitMs)
      break;
    int i = (int)(rnd() % (uint32_t)n);
    int d = ids[i];
    int nb[4];
    for (int t = 0; t < 4; t++) nb[t] = nbs[i][t] >= 0 ? ids[nbs[i][t]] : -1;
    int same = 0, best = -1, bestCount = 0;
    for (int t = 0; t < 4; t++) {
      int e = nb[t];
      if (e < 0) continue;
      if (e == d) {
        same++;
        continue;
      }
      int count = 0;
      for (int u = 0; u < 4; u++)
        if (nb[u] == e) count++;
      if (count > bestCount) {
        bestCount = count;
        best = e;
      }
    }
    if (best < 0 || same == 0) continue;
    int delta = same - bestCount;  // change in the number of cut edges
    if (delta > 0) continue;
    if (delta == 0 && rnd() % 1000 >= PLATEAU_PERMILLE) continue;
    if (sums[d] - pop[i] < lo || sums[best] + pop[i] > hi) continue;
    if (!locallySimple(i, d)) continue;
    ids[i] = best;
    sums[d] -= pop[i];
    sums[best] += pop[i];
  }

  string out;
  out.reserve((size_t)n * 3 + h);
  for (int r = 0; r < h; r++) {
    for (int c = 0; c < w; c++) {
      if (c) out += ' ';
      out += to_string(ids[r * w + c]);
    }
    out += '\n';
  }
  fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
