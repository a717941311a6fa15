#!/usr/bin/env python3
"""A stand-in for a training script: "trains" on a noisy quadratic bowl and reports through the
sweeplab client. Standard library only.

By hand:      python3 quadratic.py --x=0.3 --lr=0.01 --opt=adam      (prints @@sweeplab lines)
In a sweep:   npx sweeplab run resources/examples/quadratic-python.yaml

The best region is x = 0.5, lr = 0.01 with opt=adam. A step size lr above 0.5 with sgd or momentum
diverges: the loss blows up, the script logs NaN and stops, and the trial ends as diverged.
"""
import math
import os
import random
import sys
import time

sys.dont_write_bytecode = True  # keep __pycache__ out of resources/clients
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients"))
import sweeplab  # noqa: E402  (needs the path above)

# opt -> (convergence rate per step, extra loss at the optimum)
OPTIMIZERS = {"sgd": (0.08, 0.10), "momentum": (0.12, 0.05), "adam": (0.20, 0.0), "rmsprop": (0.15, 0.02)}
STEP_DELAY_S = 0.02  # so that live progress is visible in the UI


def main():
    x = float(sweeplab.param("x", 0.0))
    lr = float(sweeplab.param("lr", 0.01))
    opt = str(sweeplab.param("opt", "adam"))
    steps = int(sweeplab.param("steps", 30))
    warmup = int(sweeplab.param("schedule.warmup", 0))
    decay = float(sweeplab.param("schedule.decay", 1.0))
    if opt not in OPTIMIZERS:
        sys.exit("quadratic.py: unknown --opt=%s (expected one of %s)" % (opt, ", ".join(OPTIMIZERS)))
    if lr <= 0 or steps < 1:
        sys.exit("quadratic.py: expected --lr > 0 and --steps >= 1")

    rng = random.Random(sweeplab.seed(0))
    rate, penalty = OPTIMIZERS[opt]
    floor = (x - 0.5) ** 2 + 0.25 * (math.log10(lr) + 2) ** 2 + penalty
    start = floor + 4.0
    diverges = lr > 0.5 and opt in ("sgd", "momentum")
    print("quadratic.py: x=%g lr=%g opt=%s steps=%d (optimum of this config: %.4f)" % (x, lr, opt, steps, floor))

    progress = 0.0
    val_loss = start
    for step in range(steps):
        time.sleep(STEP_DELAY_S)
        if diverges:
            loss = start * 10.0 ** step
            if loss > 1e12:
                sweeplab.log({"loss": float("nan")}, step=step)
                print("quadratic.py: loss is NaN at step %d, stopping" % step)
                return
            sweeplab.log({"loss": loss}, step=step)
            continue
        progress += rate * min(1.0, (step + 1) / (warmup + 1)) * decay ** step
        gap = (start - floor) * math.exp(-progress)
        loss = (floor + gap) * math.exp(rng.gauss(0, 0.03))
        metrics = {"loss": loss}
        if step % 5 == 4 or step == steps - 1:
            val_loss = (1.1 * floor + 0.02 + gap) * math.exp(rng.gauss(0, 0.02))
            metrics["val_loss"] = val_loss
        sweeplab.log(metrics, step=step)

    print("quadratic.py: final val_loss=%.4f" % val_loss)
    if sweeplab.is_sweep():
        with open(os.path.join(sweeplab.trial_dir(), "result.txt"), "w") as f:
            f.write("val_loss=%r\n" % val_loss)


if __name__ == "__main__":
    main()
