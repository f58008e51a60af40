# Spread 14 points in the unit square so that the smallest distance between two of them is as large as possible.
# The candidate prints its answer as JSON on the last line of stdout: [[x, y], ...].
import json
import math

N = 14

# EVOLVE-BLOCK-START
def place(n):
    # Start from a jittered grid, then repel close pairs for a while.
    cols = 4
    margin = 0.15
    points = []
    for i in range(n):
        row, col = divmod(i, cols)
        x = margin + col * (1 - 2 * margin) / (cols - 1) + 0.01 * ((i * 7) % 3 - 1)
        y = margin + row * (1 - 2 * margin) / 3 + 0.01 * ((i * 5) % 3 - 1)
        points.append([x, y])
    iterations = 20
    step = 0.01
    for _ in range(iterations):
        repel(points, step)
    return points
# EVOLVE-BLOCK-END


def repel(points, step):
    """Moves each point away from its nearest neighbour by `step`, clamped to the square."""
    for i, p in enumerate(points):
        nearest, best = None, math.inf
        for j, q in enumerate(points):
            if i != j:
                d = math.dist(p, q)
                if d < best:
                    nearest, best = q, d
        if nearest is not None and best > 0:
            p[0] = min(1.0, max(0.0, p[0] + step * (p[0] - nearest[0]) / best))
            p[1] = min(1.0, max(0.0, p[1] + step * (p[1] - nearest[1]) / best))


print(json.dumps(place(N)))
