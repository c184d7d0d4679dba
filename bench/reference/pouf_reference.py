#!/usr/bin/python3
"""A POUF prompt-tuning epoch written the straightforward PyTorch way, timed for bench_pouf_epoch: a frozen
ViT-B/32-sized CLIP text tower (nn.MultiheadAttention, [L, N, D] layout as openai/CLIP) encodes K class prompts
"SOS ctx(4) class-tokens EOT pad..." at the full context of 77 every step (as CoOp's PromptLearner does), the
unlabeled target features of the batch are frozen (cached), the loss is POUF's conditional transport plus 0.3 x
information maximisation, and SGD with Nesterov momentum updates the context and the logit scale.
Run with Debian's /usr/bin/python3. Prints one JSON line: {"seconds_per_epoch": median, "seconds": [...]}."""
import argparse

import torch
from torch import nn

from clip_reference import TextTower, print_epoch_timing


def pouf_loss(image_features, text_features, log_scale):
    similarity = image_features @ text_features.t()
    logits = log_scale.exp() * similarity
    cost = 1 - similarity
    class_plan = logits.softmax(1)
    batch_plan = logits.softmax(0)
    transport = (cost * class_plan).sum(1).mean() + (cost * batch_plan).sum(0).mean()
    entropy = -(class_plan * torch.log(class_plan + 1e-5)).sum(1).mean()
    marginal = class_plan.mean(0)
    information = entropy + (marginal * torch.log(marginal + 1e-6)).sum()
    return transport + 0.3 * information


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--classes", type=int, default=65)
    parser.add_argument("--images", type=int, default=960)
    parser.add_argument("--batch", type=int, default=96)
    parser.add_argument("--eot", type=int, default=8, help="position of the end-of-text token")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    tower = TextTower(49408, 77, 512, 12, 8, 512).eval()
    for parameter in tower.parameters():
        parameter.requires_grad_(False)
    ids = torch.randint(1, 49000, (args.classes, 77))
    ids[:, args.eot] = 49407
    ids[:, args.eot + 1:] = 0
    with torch.no_grad():
        embeddings = tower.token_embedding(ids)
    prefix, suffix = embeddings[:, :1], embeddings[:, 5:]
    context = nn.Parameter(torch.randn(4, 512) * 0.02)
    log_scale = nn.Parameter(torch.tensor(4.6052))
    features = nn.functional.normalize(torch.randn(args.images, 512), dim=-1)
    optimizer = torch.optim.SGD([{"params": [context]}, {"params": [log_scale], "lr": 5e-7}], lr=1e-3, momentum=0.9,
                                nesterov=True, weight_decay=1e-3)

    def encode_text():
        x = torch.cat([prefix, context.expand(args.classes, -1, -1), suffix], 1)
        x = (x + tower.positional_embedding).permute(1, 0, 2)
        for block in tower.blocks:
            x = block(x, tower.mask)
        x = tower.ln_final(x.permute(1, 0, 2))
        return nn.functional.normalize(x[torch.arange(args.classes), ids.argmax(-1)] @ tower.text_projection, dim=-1)

    def epoch():
        for start in range(0, args.images, args.batch):
            optimizer.zero_grad()
            loss = pouf_loss(features[start:start + args.batch], encode_text(), log_scale)
            loss.backward()
            optimizer.step()

    print_epoch_timing(epoch, args.repeats)


if __name__ == "__main__":
    main()
