#!/usr/bin/python3
"""Cross-check of the C++ engine against its PyTorch twin (python/pixelscope_torch), run by ctest.

    cross_check.py --pixelscope BUILD/pixelscope --source REPO --workdir DIR

1. Fixed weights, fixed images: for each architecture the engine has and each output kind
   (bernoulli C=1 and C=3, softmax256 C=1 and C=3: small random images, h=6, L=2; plus the
   canonical h=16 on MNIST digits 0..3), `pixelscope debug init` writes the engine's init and
   `pixelscope debug grads` its per-image NLL and d(sum NLL)/d param; PyTorch (float64 on the same
   float32 weights and images) must agree: NLL within 1e-4 relative, every gradient within 1e-3
   (|g_engine - g_torch| <= 1e-3 * max(1, max |g_torch| of that tensor)).
2. A checkpoint trained by `pixelscope train` evaluates to the same test NLL in PyTorch.
3. Checkpoints trained by train.py (single process, and a 2-process torchrun on CPU with gloo)
   evaluate to the same test NLL in `pixelscope eval`.
Exit 0 pass, 1 fail, 77 when python3-torch is absent (ctest SKIP_RETURN_CODE).
"""
import argparse
import os
import re
import subprocess
import sys
import time

try:
    import numpy as np
    import torch
except ImportError as e:
    print(f"SKIP: python3-torch / python3-numpy not installed ({e}); "
          "apt-get install python3-torch python3-numpy", flush=True)
    sys.exit(77)

failures = []


def run(cmd, env=None):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
    return r.stdout


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def engine_nll(out):
    m = re.search(r"NLL (-?[0-9.]+) nats/image", out)
    if not m:
        raise RuntimeError(f"no NLL in: {out}")
    return float(m.group(1))


def compare_grads(args, twin, label, ckpt, grads_out, extra, x_torch):
    run([args.pixelscope, "debug", "grads", ckpt, "--out", grads_out] + extra)
    eng, _ = twin.safetensors.read_safetensors(grads_out)
    model, _ = twin.safetensors.load_model(ckpt)
    model = model.double()
    x = x_torch.double()
    nll = twin.models.nll_per_image(model(x), x, model.config.output)
    nll.sum().backward()
    rel_nll = float(np.max(np.abs(eng["nll"] - nll.detach().numpy()) /
                           np.abs(nll.detach().numpy())))
    worst, worst_name, max_abs = 0.0, "", 0.0
    for name, p in model.named_tensors():
        g = p.grad.numpy() if p.grad is not None else np.zeros(p.shape)
        e = eng["grad." + name].astype(np.float64)
        diff = float(np.max(np.abs(e - g))) if g.size else 0.0
        scale = max(1.0, float(np.max(np.abs(g))) if g.size else 0.0)
        max_abs = max(max_abs, diff)
        if diff / scale > worst:
            worst, worst_name = diff / scale, name
    check(rel_nll <= 1e-4 and worst <= 1e-3,
          f"{label}: NLL {float(nll.mean()):.4f} nats, max rel NLL diff {rel_nll:.2e}, "
          f"max grad diff {max_abs:.2e} (scaled {worst:.2e} at {worst_name})")
    return rel_nll, worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pixelscope", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--quick", action="store_true", help="skip the training runs")
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(args.source, "python"))
    import pixelscope_torch.data
    import pixelscope_torch.eval
    import pixelscope_torch.models
    import pixelscope_torch.safetensors
    twin = pixelscope_torch
    torch.set_num_threads(1)
    os.makedirs(args.workdir, exist_ok=True)
    w = lambda name: os.path.join(args.workdir, name)
    t0 = time.time()
    archs = run([args.pixelscope, "train", "--help"])
    archs = [a for a in twin.models.ARCHS if a in archs]
    check(len(archs) > 0, f"engine architectures: {archs}")
    worst_nll = worst_grad = 0.0

    # 1. fixed weights, fixed images
    gen = torch.Generator().manual_seed(5)
    for arch in archs:
        for output, C in (("bernoulli", 1), ("bernoulli", 3), ("softmax256", 1),
                          ("softmax256", 3)):
            H, W = 10, 9
            ckpt = w(f"{arch}_{output}_{C}.safetensors")
            run([args.pixelscope, "debug", "init", "--arch", arch, "--h", "6", "--layers", "2",
                 "--channels", str(C), "--height", str(H), "--width", str(W), "--output", output,
                 "--seed", "7", "--out", ckpt])
            if output == "bernoulli":
                x = (torch.rand(3, C, H, W, generator=gen) < 0.4).float()
            else:
                x = torch.floor(torch.rand(3, C, H, W, generator=gen) * 256).clamp(0, 255)
            xf = w(f"x_{arch}_{output}_{C}.safetensors")
            twin.safetensors.write_safetensors(xf, [("images", x.numpy())], {})
            r, g = compare_grads(args, twin, f"{arch:10s} {output:10s} C={C} random 10x9", ckpt,
                                 w("g.safetensors"), ["--images", xf], x)
            worst_nll, worst_grad = max(worst_nll, r), max(worst_grad, g)
        # the canonical size on real digits 0..3 (threshold-binarised MNIST)
        ckpt = w(f"{arch}_mnist.safetensors")
        run([args.pixelscope, "debug", "init", "--arch", arch, "--h", "16", "--seed", "3",
             "--out", ckpt])
        digits = twin.data.load_all("mnist")[:4]
        x = twin.data.to_tensor(digits, "bernoulli")
        r, g = compare_grads(args, twin, f"{arch:10s} bernoulli  C=1 MNIST 0..3 h=16", ckpt,
                             w("g.safetensors"), ["--data", "mnist", "--indices", "0,1,2,3"], x)
        worst_nll, worst_grad = max(worst_nll, r), max(worst_grad, g)
    print(f"fixed weights: max relative NLL diff {worst_nll:.2e}, max scaled grad diff "
          f"{worst_grad:.2e} ({time.time() - t0:.1f} s)", flush=True)
    if args.quick:
        return finish()

    # 2. pixelscope train -> PyTorch eval
    limit = 300
    for arch in ("pixelcnn", "gated") if "gated" in archs else ("pixelcnn",):
        ck = w(f"engine_{arch}.safetensors")
        run([args.pixelscope, "train", "--arch", arch, "--seconds", "2", "--out", ck])
        e = engine_nll(run([args.pixelscope, "eval", ck, "--limit", str(limit)]))
        model, _ = twin.safetensors.load_model(ck)
        t = twin.eval.evaluate(model, twin.data.load_split("mnist", "test")[:limit])
        check(abs(e - t) <= 1e-4 * abs(t) + 5e-4,
              f"pixelscope train {arch} -> PyTorch eval: engine {e:.3f}, torch {t:.3f} nats")

    # 3. train.py (single process and torchrun 2 x gloo) -> pixelscope eval
    env = dict(os.environ, PYTHONPATH=os.path.join(args.source, "python"), OMP_NUM_THREADS="1")
    py_train = ["-m", "pixelscope_torch.train", "--h", "8", "--steps", "15", "--eval-limit",
                str(limit)]
    runs = [("single", [sys.executable] + py_train + ["--arch", "rowlstm", "--out",
                                                      w("torch_single.safetensors")]),
            # --redirects 1 --tee 1: Debian's torchrun 1.13 on Python 3.11 fails on the default
            # "0" (Std.from_str cannot find the zero IntFlag member); this prints rank output
            ("torchrun 2 procs gloo", ["torchrun", "--standalone", "--nproc_per_node", "2",
                                       "--redirects", "1", "--tee", "1"]
             + py_train + ["--arch", "pixelcnn", "--out", w("torch_ddp.safetensors")])]
    for label, cmd in runs:
        out = run(cmd, env=env)
        t = float(re.search(r"test NLL ([0-9.]+) nats", out).group(1))
        ck = cmd[cmd.index("--out") + 1]
        e = engine_nll(run([args.pixelscope, "eval", ck, "--limit", str(limit)]))
        check(abs(e - t) <= 1e-4 * abs(t) + 5e-4,
              f"train.py ({label}) -> pixelscope eval: torch {t:.3f}, engine {e:.3f} nats")
        # what the GUI's File > Load checkpoint reads besides the tensors: numeric step, images
        # and nll, a known binarize (TrainingWorker::load_checkpoint)
        _, meta = twin.safetensors.read_safetensors(ck)
        ok = meta.get("binarize") == "threshold"
        for key in ("step", "images", "nll"):
            try:
                float(meta[key])
            except (KeyError, ValueError):
                ok = False
        check(ok, f"train.py ({label}) checkpoint metadata for the GUI: {meta}")
    print(f"total {time.time() - t0:.1f} s")
    return finish()


def finish():
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all cross-checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
