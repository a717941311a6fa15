"""W3 reference: the bag-of-words classifier of bench/train-w3.bench.ts in PyTorch on one CPU thread.

vocab 5000, sequence 128 (id 0 = padding, lengths 32..128), embedding 64, mean over non-pad tokens,
dense 64 + ReLU, 2 classes, Adam 1e-3, batch 64. Prints one JSON line (samples_per_s, samples_per_cpu_s, ms_per_step).
`embbag` as the second argument uses nn.EmbeddingBag(mode='mean') instead of Embedding + masked mean.
Run with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 (Debian's OpenBLAS ignores torch.set_num_threads).
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB, SEQ, EMB, HIDDEN, CLASSES, BATCH = 5000, 128, 64, 64, 2, 64


class BagOfWords(nn.Module):
    def __init__(self, bag):
        super().__init__()
        self.bag = bag
        self.emb = nn.EmbeddingBag(VOCAB, EMB, mode='mean', padding_idx=0) if bag else nn.Embedding(VOCAB, EMB, padding_idx=0)
        self.fc = nn.Linear(EMB, HIDDEN)
        self.out = nn.Linear(HIDDEN, CLASSES)

    def forward(self, ids):
        if self.bag:
            pooled = self.emb(ids)
        else:
            mask = (ids != 0).float().unsqueeze(-1)
            pooled = (self.emb(ids) * mask).sum(1) / mask.sum(1).clamp(min=1)
        return self.out(F.relu(self.fc(pooled)))


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    bag = len(sys.argv) > 2 and sys.argv[2] == 'embbag'
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = BagOfWords(bag)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    n = BATCH * 16
    ids = torch.randint(1, VOCAB, (n, SEQ))
    lengths = torch.randint(32, SEQ + 1, (n,))
    ids[torch.arange(SEQ).unsqueeze(0) >= lengths.unsqueeze(1)] = 0
    labels = torch.randint(0, CLASSES, (n,))

    def step(i):
        j = (i % 16) * BATCH
        loss = F.cross_entropy(model(ids[j:j + BATCH]), labels[j:j + BATCH])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    for i in range(20):  # warm-up
        step(i)
    t0 = time.perf_counter()
    c0 = time.process_time()
    for i in range(steps):
        loss = step(i)
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(json.dumps({'samples_per_s': steps * BATCH / dt, 'samples_per_cpu_s': steps * BATCH / cpu, 'ms_per_step': dt * 1000 / steps,
                      'final_loss': float(loss), 'threads': torch.get_num_threads(), 'torch': torch.__version__,
                      'embedding': 'EmbeddingBag' if bag else 'Embedding+masked mean'}))


if __name__ == '__main__':
    main()
