"""W2 reference: the char transformer LM of bench/train-w2.bench.ts in PyTorch on one CPU thread.

vocab 96, context 64, d_model 64, 2 pre-LN layers, 4 heads, FF 256 (ReLU), tied output projection,
no dropout, Adam 1e-3, batch 32. Prints one JSON line: {"samples_per_s": ..., "samples_per_cpu_s": ..., "ms_per_step": ...}.
Run with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 (Debian's OpenBLAS ignores torch.set_num_threads).
"""
import math
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import setup_one_thread, time_steps

VOCAB, CTX, D, LAYERS, HEADS, FF, BATCH = 96, 64, 64, 2, 4, 256, 32


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(D)
        self.qkv = nn.Linear(D, 3 * D)
        self.proj = nn.Linear(D, D)
        self.ln2 = nn.LayerNorm(D)
        self.ff1 = nn.Linear(D, FF)
        self.ff2 = nn.Linear(FF, D)
        self.register_buffer('mask', torch.tril(torch.ones(CTX, CTX, dtype=torch.bool)))

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(D, dim=2)
        q, k, v = (z.view(b, t, HEADS, D // HEADS).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(D // HEADS)
        att = att.masked_fill(~self.mask[:t, :t], float('-inf')).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, D)
        x = x + self.proj(y)
        return x + self.ff2(F.relu(self.ff1(self.ln2(x))))


class LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(VOCAB, D)
        self.pos = nn.Embedding(CTX, D)
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        self.ln = nn.LayerNorm(D)

    def forward(self, ids):
        x = self.tok(ids) + self.pos(torch.arange(ids.shape[1]))
        for blk in self.blocks:
            x = blk(x)
        return self.ln(x) @ self.tok.weight.t()  # tied output projection


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    setup_one_thread()
    model = LM()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    data = torch.randint(0, VOCAB, (BATCH * 8, CTX + 1))

    def step(i):
        batch = data[(i % 8) * BATCH:(i % 8 + 1) * BATCH]
        logits = model(batch[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, VOCAB), batch[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    time_steps(step, steps, warmup=10, batch=BATCH)


if __name__ == '__main__':
    main()
