"""What the PyTorch reference scripts (w2.py, w3.py) share: one-thread setup and the timed loop.

Kept in one place so every script measures and reports the same way; train-harness.ts reads the last
JSON line they print.
"""
import json
import time

import torch


def setup_one_thread(seed=0):
    """One intra-op thread (the env caps the BLAS pools) and a fixed seed."""
    torch.set_num_threads(1)
    torch.manual_seed(seed)


def time_steps(step, steps, warmup, batch, **extra):
    """Runs step(i) `warmup` times untimed, then `steps` times timed; prints one JSON line (extra keys last)."""
    for i in range(warmup):
        step(i)
    t0 = time.perf_counter()
    c0 = time.process_time()
    for i in range(steps):
        loss = step(i)
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(json.dumps({'samples_per_s': steps * batch / dt, 'samples_per_cpu_s': steps * batch / cpu, 'ms_per_step': dt * 1000 / steps,
                      'final_loss': float(loss), 'threads': torch.get_num_threads(), 'torch': torch.__version__, **extra}))
