"""Train a PixelScope model in PyTorch and write a checkpoint `pixelscope eval` and the GUI open.

Single process:
    cd python && /usr/bin/python3 -m pixelscope_torch.train --arch pixelcnn --h 64 --layers 8 \
        --steps 20000 --out big.safetensors
Several processes (one machine, CPU: gloo; GPUs: NCCL, one process per GPU; several machines:
torchrun's --nnodes/--rdzv-endpoint):
    cd python && torchrun --standalone --nproc_per_node 2 --redirects 1 --tee 1 \
        -m pixelscope_torch.train ... --out big.safetensors
(--redirects 1 --tee 1: Debian's torchrun 1.13 on Python 3.11 fails on its default "0".)

DistributedDataParallel averages the gradients of the ranks' batches each step, so --batch is
per process and the effective batch is batch * world size. Every rank walks the same shuffled
order of the training split (seeded per epoch) and takes every world-size'th batch. Adam, masked
weights re-zeroed after each step (as the engine keeps them), NLL in nats per image; rank 0
writes the checkpoint (metadata arch, config, dataset, step, nll).
"""
import argparse
import math
import os
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from .data import load_split, to_tensor
from .eval import evaluate
from .models import ARCHS, ModelConfig, make_model, nll_per_image
from .safetensors import save_model


def main(argv=None):
    ap = argparse.ArgumentParser(description="Train a PixelScope model (PyTorch twin)")
    ap.add_argument("--arch", default="pixelcnn", choices=ARCHS)
    ap.add_argument("--h", type=int, default=16)
    ap.add_argument("--layers", type=int, default=None, help="default: the arch's canonical L")
    ap.add_argument("--data", default="mnist")
    ap.add_argument("--binarize", default="threshold", choices=["threshold", "none"],
                    help="threshold: bernoulli output; none: 256-way softmax on 0..255")
    ap.add_argument("--batch", type=int, default=16, help="per process")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--steps", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1, help="torch threads per process")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--eval-limit", type=int, default=0, help="test images for the final NLL")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    if (a.steps > 0) == (a.seconds > 0):
        ap.error("give one of --steps or --seconds")
    torch.set_num_threads(a.threads)

    world = int(os.environ.get("WORLD_SIZE", "1"))
    distributed = world > 1
    if distributed:
        backend = "nccl" if a.device.startswith("cuda") else "gloo"
        dist.init_process_group(backend)
        rank = dist.get_rank()
        if a.device.startswith("cuda"):
            a.device = f"cuda:{int(os.environ.get('LOCAL_RANK', '0'))}"
    else:
        rank = 0
    device = torch.device(a.device)

    train_images = load_split(a.data, "train")
    N, C, H, W = train_images.shape
    output = "bernoulli" if a.binarize == "threshold" else "softmax256"
    cfg = ModelConfig(a.arch, a.h, a.layers, C, H, W, output)
    model = make_model(cfg)
    model.init_params(a.seed)  # same seed on every rank; DDP also broadcasts rank 0's weights
    model.init_output_bias(to_tensor(train_images[:2000], output))
    model.to(device)
    net = DistributedDataParallel(model) if distributed else model
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)

    t0, step, epoch, last = time.time(), 0, 0, float("nan")
    done = False
    while not done:
        order = np.random.default_rng(a.seed + epoch).permutation(N)
        batches = [order[i:i + a.batch] for i in range(0, N - a.batch + 1, a.batch)]
        for k in range(rank, len(batches) - (len(batches) % world), world):
            x = to_tensor(train_images[np.sort(batches[k])], output).to(device)
            loss = nll_per_image(net(x), x, output).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            model.apply_masks()
            step += 1
            last = float(loss)
            stop = step >= a.steps if a.steps > 0 else time.time() - t0 >= a.seconds
            if distributed:  # every rank stops at the same step
                flag = torch.tensor([1.0 if stop else 0.0], device=device)
                dist.all_reduce(flag)
                stop = flag.item() > 0
            if rank == 0 and (step % 200 == 0 or stop):
                print(f"step {step} train NLL {last:.3f} nats/image "
                      f"({time.time() - t0:.1f} s, world {world})", flush=True)
            if stop:
                done = True
                break
        epoch += 1

    if rank == 0:
        model.cpu()
        test = load_split(a.data, "test")
        if a.eval_limit > 0:
            test = test[:a.eval_limit]
        nats = evaluate(model, test)
        # the keys the GUI's File > Load checkpoint reads (TrainingWorker::load_checkpoint)
        save_model(a.out, model, {"dataset": a.data, "step": step, "nll": f"{last:.4f}",
                                  "images": step * a.batch * world, "binarize": a.binarize,
                                  "trainer": f"pixelscope_torch world={world}"})
        print(f"wrote {a.out}: test NLL {nats:.3f} nats/image, "
              f"{nats / (H * W * C * math.log(2)):.4f} bits/dim over {test.shape[0]} images")
    if distributed:
        dist.barrier()
        dist.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
