"""W3 reference: the bag-of-words classifier of bench/train-w3.bench.ts in PyTorch on one CPU thread.

vocab 5000, sequence 128 (id 0 = padding, lengths 32..128), embedding 64, mean over non-pad tokens,
dense 64 + ReLU, 2 classes, Adam 1e-3, batch 64. Prints one JSON line (samples_per_s, samples_per_cpu_s, ms_per_step).
`embbag` as the second argument uses nn.EmbeddingBag(mode='mean') instead of Embedding + masked mean.
Run with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 (Debian's OpenBLAS ignores torch.set_num_threads).
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import setup_one_thread, time_steps

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
    setup_one_thread()
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

    time_steps(step, steps, warmup=20, batch=BATCH, embedding='EmbeddingBag' if bag else 'Embedding+masked mean')


if __name__ == '__main__':
    main()
