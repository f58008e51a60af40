// Reference for setup-scheduling: the baseline's dispatch rule, then simulated annealing over segment moves (1..8
// consecutive jobs, or a whole batch of same-family jobs; half the time placed next to a job of the same family) and
// swaps, with incremental evaluation: each machine keeps prefix completion times and costs, so a move is priced from
// its first changed position, and suffix summaries price a shifted tail in O(1) when no job crosses its due date.
// Stops at 80% of KAIZEN_TIME_LIMIT_MS of process CPU time. Build: g++ -O2 -std=gnu++20.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

using namespace std;

static uint32_t rngState = 88172645u;
static inline uint32_t rnd(uint32_t bound) {
  rngState ^= rngState << 13;
  rngState ^= rngState >> 17;
  rngState ^= rngState << 5;
  return rngState % bound;
}

static double cpuMs() { return 1000.0 * (double)clock() / CLOCKS_PER_SEC; }

int N, M, F;
vector<int> SF, P, D, W, FAM;
const long long INF = 1LL << 60;

// One machine's sequence with prefix times and costs and, per position q, over the jobs at q and after: the total
// weight of the late ones, the least slack d - C of the on-time ones and the least lateness C - d of the late ones.
// They let a move whose tail is the old tail shifted by delta be priced in O(1) when no job crosses its due date.
struct Machine {
  vector<int> seq;
  vector<long long> time, pref, lateW, minSlack, minLate;
  int len = 0;
  long long cost = 0;
};
vector<Machine> mach;

static inline int setupInto(int prev, int fam) { return SF[(prev + 1) * F + fam]; }

void refresh(Machine& m, int from) {
  long long tm = from > 0 ? m.time[from - 1] : 0;
  long long cc = from > 0 ? m.pref[from - 1] : 0;
  int prev = from > 0 ? FAM[m.seq[from - 1]] : -1;
  for (int q = from; q < m.len; q++) {
    int j = m.seq[q];
    tm += setupInto(prev, FAM[j]) + P[j];
    prev = FAM[j];
    if (tm > D[j]) cc += (long long)W[j] * (tm - D[j]);
    m.time[q] = tm;
    m.pref[q] = cc;
  }
  m.cost = m.len > 0 ? m.pref[m.len - 1] : 0;
  m.lateW[m.len] = 0, m.minSlack[m.len] = INF, m.minLate[m.len] = INF;
  for (int q = m.len - 1; q >= 0; q--) {
    long long late = m.time[q] - D[m.seq[q]];
    m.lateW[q] = m.lateW[q + 1] + (late > 0 ? W[m.seq[q]] : 0);
    m.minSlack[q] = late <= 0 ? min(m.minSlack[q + 1], -late) : m.minSlack[q + 1];
    m.minLate[q] = late > 0 ? min(m.minLate[q + 1], late) : m.minLate[q + 1];
  }
}

// Cost of machine m if it ran seq[0..from) + buf[0..n) + seq[resume..len).
long long moveCost(const Machine& m, int from, const vector<int>& buf, int n, int resume) {
  long long tm = from > 0 ? m.time[from - 1] : 0;
  long long cc = from > 0 ? m.pref[from - 1] : 0;
  int prev = from > 0 ? FAM[m.seq[from - 1]] : -1;
  for (int q = 0; q < n; q++) {
    int j = buf[q];
    tm += setupInto(prev, FAM[j]) + P[j];
    prev = FAM[j];
    if (tm > D[j]) cc += (long long)W[j] * (tm - D[j]);
  }
  for (int q = resume; q < m.len; q++) {
    int j = m.seq[q];
    tm += setupInto(prev, FAM[j]) + P[j];
    prev = FAM[j];
    if (tm > D[j]) cc += (long long)W[j] * (tm - D[j]);
    // From q + 1 on the old tail runs shifted by delta: price it at once if no job changes side of its due date.
    long long delta = tm - m.time[q];
    if (q + 1 < m.len && -m.minLate[q + 1] <= delta && delta <= m.minSlack[q + 1])
      return cc + (m.cost - m.pref[q]) + delta * m.lateW[q + 1];
  }
  return cc;
}

vector<int> tailTmp;
void install(Machine& m, int from, const vector<int>& buf, int n, int resume) {
  int rest = m.len - resume;
  for (int q = 0; q < rest; q++) tailTmp[q] = m.seq[resume + q];
  for (int q = 0; q < n; q++) m.seq[from + q] = buf[q];
  for (int q = 0; q < rest; q++) m.seq[from + n + q] = tailTmp[q];
  m.len = from + n + rest;
  refresh(m, from);
}

int main() {
  const char* env = getenv("KAIZEN_TIME_LIMIT_MS");
  double limit = env && atof(env) > 0 ? atof(env) : 1000.0;
  double deadline = 0.8 * limit;

  if (scanf("%d %d %d", &N, &M, &F) != 3) return 0;
  SF.assign((F + 1) * F, 0);
  for (auto& x : SF) scanf("%d", &x);
  P.resize(N), D.resize(N), W.resize(N), FAM.resize(N);
  for (int j = 0; j < N; j++) scanf("%d %d %d %d", &P[j], &D[j], &W[j], &FAM[j]);

  // Dispatch (the baseline's rule with its default weights).
  long long sumP = 0, sumW = 0;
  for (int j = 0; j < N; j++) sumP += P[j], sumW += W[j];
  double meanP = (double)sumP / N;
  mach.assign(M, Machine{});
  for (auto& m : mach) {
    m.seq.assign(N + 1, 0);
    m.time.assign(N + 1, 0), m.pref.assign(N + 1, 0);
    m.lateW.assign(N + 1, 0), m.minSlack.assign(N + 1, 0), m.minLate.assign(N + 1, 0);
  }
  tailTmp.assign(N + 1, 0);
  {
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
        int s = setupInto(last[i], FAM[j]);
        double slack = max(0.0, (double)(D[j] - P[j] - s - ready[i]));
        double priority = W[j] / (double)(P[j] + s + 1) / (1 + slack / (2 * meanP));
        if (priority > bestPriority) bestPriority = priority, best = j;
      }
      done[best] = 1;
      mach[i].seq[mach[i].len++] = best;
      ready[i] += setupInto(last[i], FAM[best]) + P[best];
      last[i] = FAM[best];
    }
  }
  for (auto& m : mach) refresh(m, 0);

  vector<int> bufA(N + 1), bufB(N + 1);
  vector<vector<int>> bestSeq(M);
  auto saveBest = [&]() {
    for (int m = 0; m < M; m++) bestSeq[m].assign(mach[m].seq.begin(), mach[m].seq.begin() + mach[m].len);
  };
  long long current = 0;
  for (auto& m : mach) current += m.cost;
  long long best = current;
  saveBest();

  const double T0 = ((double)sumW / N) * meanP;
  const double T1 = T0 / 100;
  double temp = T0;
  const double startTime = cpuMs();
  const double span = max(1.0, deadline - startTime);
  auto accept = [&](long long d) { return d <= 0 || rnd(1u << 30) < exp(-(double)d / temp) * (1u << 30); };

  long long iterations = 0;
  for (;; iterations++) {
    if ((iterations & 255) == 0) {
      double now = cpuMs();
      if (now > deadline) break;
      temp = T0 * pow(T1 / T0, (now - startTime) / span);
    }
    int a = rnd(M);
    Machine& A = mach[a];
    int la = A.len;
    if (la == 0) continue;
    int kind = rnd(100);
    bool accepted = false;
    long long delta = 0;
    if (kind < 55) {
      // Move a segment of consecutive jobs (length 1 most often, up to 8), keeping its order.
      int r = rnd(16);
      int seg, i;
      bool wholeRun = r >= 14;
      if (wholeRun) {
        // A whole batch: the maximal run of same-family jobs around a random position.
        i = rnd(la);
        int e = i + 1, fam = FAM[A.seq[i]];
        while (i > 0 && FAM[A.seq[i - 1]] == fam) i--;
        while (e < la && FAM[A.seq[e]] == fam) e++;
        seg = e - i;
      } else {
        seg = min(la, r < 8 ? 1 : r < 11 ? 2 : r < 13 ? 3 : 4 + (int)rnd(5));
        i = rnd(la - seg + 1);
      }
      int b = rnd(M);
      Machine& B = mach[b];
      int lb = B.len;
      // The insertion point (before position k): half the time next to a job of the first moved job's family.
      int k = -1;
      if (rnd(2) == 0 && lb > 0) {
        int fam = FAM[A.seq[i]];
        int startQ = rnd(lb);
        for (int t = 0; t < lb; t++) {
          int q = (startQ + t) % lb;
          if (FAM[B.seq[q]] == fam && !(b == a && q >= i && q < i + seg)) {
            k = q + rnd(2);
            break;
          }
        }
      }
      if (b == a) {
        if (la == seg) continue;
        if (k < 0) {
          k = rnd(la + 1 - seg);
          if (k >= i) k += seg;
          if (wholeRun)  // a batch goes to a batch boundary
            while (k > 0 && k < la && FAM[A.seq[k - 1]] == FAM[A.seq[k]]) k--;
        }
        if (k >= i && k <= i + seg) continue;
        int n = 0, from, resume;
        if (k < i) {
          from = k, resume = i + seg;
          for (int r2 = 0; r2 < seg; r2++) bufA[n++] = A.seq[i + r2];
          for (int q = k; q < i; q++) bufA[n++] = A.seq[q];
        } else {
          from = i, resume = k;
          for (int q = i + seg; q < k; q++) bufA[n++] = A.seq[q];
          for (int r2 = 0; r2 < seg; r2++) bufA[n++] = A.seq[i + r2];
        }
        delta = moveCost(A, from, bufA, n, resume) - A.cost;
        if (accept(delta)) install(A, from, bufA, n, resume), accepted = true;
      } else {
        if (k < 0) {
          k = rnd(lb + 1);
          if (wholeRun)
            while (k > 0 && k < lb && FAM[B.seq[k - 1]] == FAM[B.seq[k]]) k--;
        }
        for (int r2 = 0; r2 < seg; r2++) bufB[r2] = A.seq[i + r2];
        delta = moveCost(A, i, bufA, 0, i + seg) + moveCost(B, k, bufB, seg, k) - A.cost - B.cost;
        if (accept(delta)) install(A, i, bufA, 0, i + seg), install(B, k, bufB, seg, k), accepted = true;
      }
    } else {
      // Swap two jobs (anywhere).
      int b = rnd(M);
      Machine& B = mach[b];
      int lb = B.len;
      if (lb == 0) continue;
      int i = rnd(la), k = rnd(lb);
      if (a == b) {
        if (i == k) continue;
        int lo = min(i, k), hi = max(i, k);
        int n = 0;
        bufA[n++] = A.seq[hi];
        for (int q = lo + 1; q < hi; q++) bufA[n++] = A.seq[q];
        bufA[n++] = A.seq[lo];
        delta = moveCost(A, lo, bufA, n, hi + 1) - A.cost;
        if (accept(delta)) install(A, lo, bufA, n, hi + 1), accepted = true;
      } else {
        bufA[0] = B.seq[k];
        bufB[0] = A.seq[i];
        delta = moveCost(A, i, bufA, 1, i + 1) + moveCost(B, k, bufB, 1, k + 1) - A.cost - B.cost;
        if (accept(delta)) install(A, i, bufA, 1, i + 1), install(B, k, bufB, 1, k + 1), accepted = true;
      }
    }
    if (accepted) {
      current += delta;
      if (current < best) {
        best = current;
        saveBest();
      }
    }
  }
  if (getenv("DEBUG_SA")) fprintf(stderr, "start %.0f ms, best %lld, iterations %lld\n", startTime, best, iterations);

  string out;
  for (int m = 0; m < M; m++) {
    out += to_string(bestSeq[m].size());
    for (int j : bestSeq[m]) out += ' ' + to_string(j);
    out += '\n';
  }
  fputs(out.c_str(), stdout);
  return 0;
}
