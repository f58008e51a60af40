// Lamps — baseline solver (the same algorithm and constants as baseline.js). Reads one case on stdin, prints M then
// M lines "r c". Greedy: adds, one at a time, the lamp that lights the most dark value; then a short hill climb that
// moves single lamps to nearby cells when that does not leave more value dark.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

// Improvement: SEARCH_MOVES_PER_LAMP * K tries, each moving one random lamp by at most NEIGHBOR_RADIUS rows and
// columns; a move that lights more value is kept, one that changes nothing is kept with PLATEAU_PERMILLE / 1000.
static const long long SEARCH_MOVES_PER_LAMP = 20;
static const int NEIGHBOR_RADIUS = 2;
static const uint32_t PLATEAU_PERMILLE = 300;
static const double TIME_GUARD = 0.75;  // share of the limit, in CPU time from process start (clock())
static const uint32_t RNG_SEED = 12345;

static int h, w, k;
static std::vector<int> value, rowSeg, colSeg, rowLamps, colLamps, rowDark, colDark;
static std::vector<std::vector<int>> rowCells, colCells;

static int gain(int p) {
  int a = rowSeg[p], b = colSeg[p];
  return rowDark[a] + colDark[b] - (rowLamps[a] == 0 && colLamps[b] == 0 ? value[p] : 0);
}

// Adds a lamp at p; returns the value it newly lights.
static int add(int p) {
  int lit = 0, a = rowSeg[p], b = colSeg[p];
  if (rowLamps[a]++ == 0) {
    for (int i : rowCells[a]) {
      if (colLamps[colSeg[i]] != 0) continue;
      lit += value[i];
      rowDark[a] -= value[i];
      colDark[colSeg[i]] -= value[i];
    }
  }
  if (colLamps[b]++ == 0) {
    for (int i : colCells[b]) {
      if (rowLamps[rowSeg[i]] != 0) continue;
      lit += value[i];
      rowDark[rowSeg[i]] -= value[i];
      colDark[b] -= value[i];
    }
  }
  return lit;
}

// Removes the lamp at p; returns the value that goes dark.
static int remove(int p) {
  int dark = 0, a = rowSeg[p], b = colSeg[p];
  if (--rowLamps[a] == 0) {
    for (int i : rowCells[a]) {
      if (colLamps[colSeg[i]] != 0) continue;
      dark += value[i];
      rowDark[a] += value[i];
      colDark[colSeg[i]] += value[i];
    }
  }
  if (--colLamps[b] == 0) {
    for (int i : colCells[b]) {
      if (rowLamps[rowSeg[i]] != 0) continue;
      dark += value[i];
      rowDark[rowSeg[i]] += value[i];
      colDark[b] += value[i];
    }
  }
  return dark;
}

static uint32_t rngState = RNG_SEED;
static uint32_t rnd() {
  rngState ^= rngState << 13;
  rngState ^= rngState >> 17;
  rngState ^= rngState << 5;
  return rngState;
}

int main() {
  const char* env = std::getenv("KAIZEN_TIME_LIMIT_MS");
  double timeLimitMs = env ? std::atof(env) : 0;
  if (!(timeLimitMs > 0)) timeLimitMs = 1000;

  std::cin >> h >> w >> k;
  int n = h * w;
  value.assign(n, 0);
  for (int r = 0; r < h; r++) {
    std::string line;
    std::cin >> line;
    for (int c = 0; c < w && c < (int)line.size(); c++) value[r * w + c] = line[c] >= '0' && line[c] <= '9' ? line[c] - '0' : 0;
  }

  // Row and column segments: maximal runs of floor cells. A lamp lights exactly its row segment and its column
  // segment; a cell is lit when some lamp shares its row segment or its column segment.
  rowSeg.assign(n, -1);
  colSeg.assign(n, -1);
  for (int i = 0; i < n; i++) {
    if (value[i] == 0) continue;
    if (i % w > 0 && value[i - 1] > 0) rowSeg[i] = rowSeg[i - 1];
    else {
      rowSeg[i] = (int)rowCells.size();
      rowCells.emplace_back();
    }
    rowCells[rowSeg[i]].push_back(i);
  }
  for (int c = 0; c < w; c++) {
    for (int r = 0; r < h; r++) {
      int i = r * w + c;
      if (value[i] == 0) continue;
      if (r > 0 && value[i - w] > 0) colSeg[i] = colSeg[i - w];
      else {
        colSeg[i] = (int)colCells.size();
        colCells.emplace_back();
      }
      colCells[colSeg[i]].push_back(i);
    }
  }
  rowLamps.assign(rowCells.size(), 0);
  colLamps.assign(colCells.size(), 0);
  rowDark.assign(rowCells.size(), 0);
  colDark.assign(colCells.size(), 0);
  for (int i = 0; i < n; i++) {
    if (value[i] == 0) continue;
    rowDark[rowSeg[i]] += value[i];
    colDark[colSeg[i]] += value[i];
  }

  // Phase 1: greedy, the largest gain first (ties: the lowest cell index); stops early once everything is lit.
  std::vector<int> lamps;
  std::vector<char> hasLamp(n, 0);
  while ((int)lamps.size() < k) {
    int best = -1, bestGain = 0;
    for (int p = 0; p < n; p++) {
      if (value[p] == 0 || hasLamp[p]) continue;
      int g = gain(p);
      if (g > bestGain) {
        best = p;
        bestGain = g;
      }
    }
    if (best < 0) break;
    add(best);
    hasLamp[best] = 1;
    lamps.push_back(best);
  }

  // Phase 2: hill climbing on single-lamp moves.
  double deadline = TIME_GUARD * timeLimitMs / 1000.0 * CLOCKS_PER_SEC;
  long long moves = SEARCH_MOVES_PER_LAMP * (long long)lamps.size();
  uint32_t span = 2 * NEIGHBOR_RADIUS + 1;
  for (long long it = 0; it < moves; it++) {
    if ((it & 255) == 0 && (double)std::clock() > deadline) break;
    int j = (int)(rnd() % lamps.size());
    int p = lamps[j];
    int r = p / w + (int)(rnd() % span) - NEIGHBOR_RADIUS;
    int c = p % w + (int)(rnd() % span) - NEIGHBOR_RADIUS;
    if (r < 0 || r >= h || c < 0 || c >= w) continue;
    int q = r * w + c;
    if (value[q] == 0 || hasLamp[q]) continue;
    int delta = add(q) - remove(p);
    if (delta > 0 || (delta == 0 && rnd() % 1000 < PLATEAU_PERMILLE)) {
      hasLamp[p] = 0;
      hasLamp[q] = 1;
      lamps[j] = q;
    } else {
      add(p);
      remove(q);
    }
  }

  std::string out = std::to_string(lamps.size()) + "\n";
  for (int p : lamps) out += std::to_string(p / w) + " " + std::to_string(p % w) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
