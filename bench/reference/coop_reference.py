#!/usr/bin/python3
"""A CoOp training epoch written the straightforward PyTorch way, as the official CoOp trainer runs it, timed for
bench_coop_epoch: the frozen ViT-B/32-sized image encoder re-encodes every (randomly flipped) image each step, a
PromptLearner splices M=16 learned context vectors between the start token and the class tokens of every class
prompt, the frozen text encoder runs all 77 positions, logits = 100 x cosine, cross-entropy, SGD momentum 0.9.
Images are random preprocessed tensors held in memory (no decoding: that only helps this side).
Run with Debian's /usr/bin/python3. Prints one JSON line: {"seconds_per_epoch": median, "seconds": [...]}."""
import argparse

import torch
from torch import nn

from clip_reference import TextTower, VisionTower, print_epoch_timing, print_item_timing


class PromptedText(TextTower):
    def __init__(self, classes, n_ctx=16):
        super().__init__(49408, 77, 512, 12, 8, 512)
        for parameter in self.parameters():
            parameter.requires_grad_(False)
        ids = torch.randint(1, 49000, (classes, 77))
        ids[:, 0] = 49406
        name_length = 3
        self.eot = 1 + n_ctx + name_length + 1
        ids[:, self.eot] = 49407
        ids[:, self.eot + 1:] = 0
        with torch.no_grad():
            embedded = self.token_embedding(ids)
        self.register_buffer("prefix", embedded[:, :1].clone())
        self.register_buffer("suffix", embedded[:, 1 + n_ctx:].clone())
        self.ctx = nn.Parameter(torch.randn(n_ctx, 512) * 0.02)

    def forward(self):
        classes = self.prefix.shape[0]
        x = torch.cat([self.prefix, self.ctx.expand(classes, -1, -1), self.suffix], 1)
        x = (x + self.positional_embedding).permute(1, 0, 2)
        for block in self.blocks:
            x = block(x, self.mask)
        x = self.ln_final(x.permute(1, 0, 2))
        return x[:, self.eot] @ self.text_projection


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--shots", type=int, default=16)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--mode", choices=["epoch", "text"], default="epoch",
                        help="text: only the text side of one step (forward + backward to the context), classes/s")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.mode == "text":
        text = PromptedText(args.classes).eval()

        def text_step():
            text.ctx.grad = None
            text().sum().backward()

        print_item_timing(text_step, args.classes, args.repeats)
        return
    image_encoder = VisionTower(224, 32, 768, 12, 12, 512).eval()
    for parameter in image_encoder.parameters():
        parameter.requires_grad_(False)
    text = PromptedText(args.classes).eval()
    images = torch.randn(args.classes * args.shots, 3, 224, 224)
    labels = torch.arange(args.classes).repeat_interleave(args.shots)
    optimizer = torch.optim.SGD([text.ctx], lr=0.002, momentum=0.9, weight_decay=5e-4)

    def epoch():
        order = torch.randperm(images.shape[0])
        for start in range(0, images.shape[0], args.batch):
            index = order[start:start + args.batch]
            batch = images[index]
            flip = torch.rand(batch.shape[0]) < 0.5
            batch[flip] = batch[flip].flip(-1)
            with torch.no_grad():
                image_features = image_encoder(batch)
            image_features = image_features / image_features.norm(dim=-1, keepdim=True)
            text_features = text()
            text_features = text_features / text_features.norm(dim=-1, keepdim=True)
            logits = 100.0 * image_features @ text_features.t()
            loss = nn.functional.cross_entropy(logits, labels[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    print_epoch_timing(epoch, args.repeats)


if __name__ == "__main__":
    main()
