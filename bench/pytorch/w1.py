"""W1 reference: MLP 64->128->128->10, batch 64, Adam 1e-3, softmax cross-entropy, on one CPU thread.

The same workload as bench/train-w1.bench.ts: in-memory data, a reshuffled index per epoch, one
optimizer step per batch. Run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 (Debian's torch also
runs an OpenBLAS pool that torch.set_num_threads does not limit; PLATFORM.md §8).
Prints one JSON line: {"samples_per_s": ..., "samples_per_cpu_s": ..., "steps": ..., "seconds": ..., "torch": ...}
(samples per second of wall time and of the process's own CPU time).
"""
import json
import sys
import time

import torch

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
warmup = int(sys.argv[2]) if len(sys.argv) > 2 else 50
batch = int(sys.argv[3]) if len(sys.argv) > 3 else 64
torch.set_num_threads(1)
torch.manual_seed(0)

n = 8192
x = torch.randn(n, 64)
y = torch.randint(0, 10, (n,))
model = torch.nn.Sequential(
    torch.nn.Linear(64, 128), torch.nn.ReLU(),
    torch.nn.Linear(128, 128), torch.nn.ReLU(),
    torch.nn.Linear(128, 10),
)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
steps_per_epoch = n // batch


def batches():
    while True:
        perm = torch.randperm(n)
        for b in range(steps_per_epoch):
            idx = perm[b * batch:(b + 1) * batch]
            yield x[idx], y[idx]


it = batches()


def step():
    xb, yb = next(it)
    opt.zero_grad(set_to_none=True)
    loss = loss_fn(model(xb), yb)
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(warmup):
    step()
steps = 0
c0 = time.process_time()
t0 = time.perf_counter()
while True:
    step()
    steps += 1
    if steps % 20 == 0 and time.perf_counter() - t0 >= seconds:
        break
dt = time.perf_counter() - t0
cpu = time.process_time() - c0
print(json.dumps({"samples_per_s": steps * batch / dt, "samples_per_cpu_s": steps * batch / cpu, "steps": steps, "seconds": dt, "torch": torch.__version__}))
