"""A training script that knows nothing of Sweeplab: it reads --name=value arguments and prints.

print-only.yaml reads its metrics from the printed lines with stdout_metrics patterns.
Run it by hand:  python3 print-only.py --lr=0.1 --epochs=5
"""
import argparse
import math

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, required=True)
parser.add_argument("--epochs", type=int, default=10)
args = parser.parse_args()
if not args.lr > 0:
    parser.error("--lr must be positive")

loss = 2.0
for epoch in range(args.epochs):
    # A bowl whose floor is lowest near lr = 0.1: too small learns slowly, too large overshoots.
    loss = loss * (1 - min(args.lr, 0.9)) + abs(math.log10(args.lr) + 1) * 0.05
    acc = 1 / (1 + loss)
    print(f"epoch {epoch} loss={loss:.4f} acc={acc:.3f}", flush=True)
print(f"finished {args.epochs} epochs", flush=True)
