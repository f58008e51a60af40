// Baseline for strip-packing (C++ port of baseline.js, same algorithm and constants): shelf packing of the rectangles
// sorted by size, then a short random descent over the order and the turns, still packed on shelves. Deterministic:
// its own xorshift32 generator with a fixed seed, and a move budget rather than a clock (the clock only guards the
// time limit). Reads the case on stdin, prints "x y r" per rectangle.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

static const auto START = std::chrono::steady_clock::now();

// Rectangles go in decreasing order of height * width^SORT_WIDTH_POWER (1: by area; 0: by height, as in NFDH).
static const double SORT_WIDTH_POWER = 1;
// A rectangle is turned to lie flat when its height exceeds LAY_FLAT_RATIO times its width.
static const double LAY_FLAT_RATIO = 1.5;
// Each rectangle tries the SHELF_LOOKBACK newest shelves, newest first (1 = next fit), before opening a new shelf.
static const int SHELF_LOOKBACK = 1;
// Descent: SEARCH_FRACTION of the time limit (ms) times MOVES_PER_MS random moves, SWAP_PERCENT of them swaps in the
// order and the rest turns of one rectangle; a move is kept when the height does not grow.
static const double SEARCH_FRACTION = 0.05;
static const double MOVES_PER_MS = 20;
static const uint32_t SWAP_PERCENT = 70;
// Stop searching at this share of the time limit whatever the move budget.
static const double SAFETY_FRACTION = 0.8;

static int N, W;
static std::vector<long long> RW, RH;

static double elapsedMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - START).count();
}

// Packs the rectangles in `order` on shelves (turned where rot[i] = 1); fills xs, ys; returns the height used.
static long long shelfPack(const std::vector<int>& order, const std::vector<int>& rot, std::vector<long long>& xs, std::vector<long long>& ys) {
  std::vector<long long> base, tall, used;
  for (int k = 0; k < N; k++) {
    int i = order[k];
    long long w = rot[i] ? RH[i] : RW[i];
    long long h = rot[i] ? RW[i] : RH[i];
    int s = -1;
    int newest = (int)base.size() - 1;
    for (int t = newest; t >= 0 && t > newest - SHELF_LOOKBACK; t--) {
      // Only the newest shelf may grow taller: nothing lies on it yet.
      if (used[t] + w <= W && (t == newest || h <= tall[t])) {
        s = t;
        break;
      }
    }
    if (s < 0) {
      base.push_back(base.empty() ? 0 : base.back() + tall.back());
      tall.push_back(h);
      used.push_back(0);
      s = (int)base.size() - 1;
    }
    if (s == (int)base.size() - 1 && h > tall[s]) tall[s] = h;
    xs[i] = used[s];
    ys[i] = base[s];
    used[s] += w;
  }
  return base.back() + tall.back();
}

int main() {
  const char* env = std::getenv("KAIZEN_TIME_LIMIT_MS");
  double limit = env ? std::atof(env) : 0;
  const double TIME_LIMIT_MS = limit > 0 ? limit : 1000;
  if (std::scanf("%d %d", &N, &W) != 2) return 1;
  RW.resize(N);
  RH.resize(N);
  for (int i = 0; i < N; i++)
    if (std::scanf("%lld %lld", &RW[i], &RH[i]) != 2) return 1;

  std::vector<int> rot(N);
  for (int i = 0; i < N; i++) rot[i] = (double)RH[i] > (double)RW[i] * LAY_FLAT_RATIO ? 1 : 0;
  auto height = [&](int i) { return rot[i] ? RW[i] : RH[i]; };
  auto width = [&](int i) { return rot[i] ? RH[i] : RW[i]; };
  auto key = [&](int i) { return (double)height(i) * std::pow((double)width(i), SORT_WIDTH_POWER); };
  std::vector<int> order(N);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    double ka = key(a), kb = key(b);
    if (ka != kb) return ka > kb;
    if (width(a) != width(b)) return width(a) > width(b);
    return a < b;
  });

  std::vector<long long> xs(N), ys(N);
  long long best = shelfPack(order, rot, xs, ys);
  uint32_t state = 2463534242u;
  auto rand = [&](uint32_t bound) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return (int)(state % bound);
  };
  const long long moves = (long long)std::floor(SEARCH_FRACTION * TIME_LIMIT_MS * MOVES_PER_MS);
  const double deadline = SAFETY_FRACTION * TIME_LIMIT_MS;
  for (long long move = 0; move < moves; move++) {
    if ((move & 63) == 0 && elapsedMs() > deadline) break;
    if ((uint32_t)rand(100) < SWAP_PERCENT) {
      int a = rand(N), b = rand(N);
      std::swap(order[a], order[b]);
      long long h = shelfPack(order, rot, xs, ys);
      if (h <= best) best = h;
      else std::swap(order[a], order[b]);
    } else {
      int i = rand(N);
      rot[i] ^= 1;
      long long h = shelfPack(order, rot, xs, ys);
      if (h <= best) best = h;
      else rot[i] ^= 1;
    }
  }
  shelfPack(order, rot, xs, ys);
  std::string out;
  for (int i = 0; i < N; i++) out += std::to_string(xs[i]) + " " + std::to_string(ys[i]) + " " + std::to_string(rot[i]) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
