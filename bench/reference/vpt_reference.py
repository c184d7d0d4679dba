#!/usr/bin/python3
"""A VPT-deep (with --variant shallow: VPT-shallow) training epoch written the straightforward PyTorch way, timed
for bench_vpt_epoch: a frozen ViT-B/32-sized CLIP vision tower (nn.MultiheadAttention, [L, N, D] layout as openai/CLIP), P learned prompt tokens
per layer inserted after CLS before ln_pre and replaced before every block (MaPLe's deep vision prompting), prompt
dropout 0.1, a linear head on ln_post(CLS), cross-entropy, SGD with momentum. Run with Debian's /usr/bin/python3.
Prints one JSON line: {"seconds_per_epoch": median, "seconds": [...]}."""
import argparse

import torch
from torch import nn

from clip_reference import VisionTower, print_epoch_timing


class PromptedVisionTower(VisionTower):
    def __init__(self, tokens=8, classes=10, width=768, layers=12, deep=True):
        super().__init__(224, 32, width, layers, 12, 512)
        for parameter in self.parameters():
            parameter.requires_grad_(False)
        self.prompts = nn.Parameter(torch.randn(layers if deep else 1, tokens, width) * 0.02)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(width, classes)

    def forward(self, images):
        batch = images.shape[0]
        tokens = self.prompts.shape[1]
        x = self.conv1(images).flatten(2).permute(0, 2, 1)
        x = torch.cat([self.class_embedding.expand(batch, 1, -1), x], 1) + self.positional_embedding
        x = torch.cat([x[:, :1], self.dropout(self.prompts[0].expand(batch, -1, -1)), x[:, 1:]], 1)
        x = self.ln_pre(x).permute(1, 0, 2)
        for i, block in enumerate(self.blocks):
            if 0 < i < self.prompts.shape[0]:
                prompts = self.dropout(self.prompts[i].expand(batch, -1, -1)).permute(1, 0, 2)
                x = torch.cat([x[:1], prompts, x[1 + tokens:]], 0)
            x = block(x, None)
        return self.head(self.ln_post(x[0]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--images", type=int, default=160)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--tokens", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--variant", choices=["deep", "shallow"], default="deep",
                        help="shallow: prompts only before the first layer (VPT-shallow)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = PromptedVisionTower(tokens=args.tokens, deep=args.variant == "deep")
    model.eval()  # the backbone runs in eval mode; prompt dropout is applied explicitly below
    model.dropout.train()
    images = torch.randn(args.images, 3, 224, 224)
    labels = torch.randint(0, 10, (args.images,))
    optimizer = torch.optim.SGD([model.prompts, *model.head.parameters()], lr=0.0025, momentum=0.9,
                                weight_decay=5e-4)

    def epoch():
        for start in range(0, args.images, args.batch):
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(images[start:start + args.batch]),
                                               labels[start:start + args.batch])
            loss.backward()
            optimizer.step()

    print_epoch_timing(epoch, args.repeats)


if __name__ == "__main__":
    main()
