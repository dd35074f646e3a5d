"""PixelScope's PyTorch twin: the four architectures of DESIGN.md section 2 with the engine's exact
parameter names, masks and losses, reading and writing the same safetensors checkpoints, so a
model trained here (single process or under torchrun) opens in `pixelscope eval` and the GUI, and
one trained by `pixelscope train` evaluates here to the same NLL.

Modules: masks (causal masks with channel groups), models (PixelCNN, Row LSTM, Diagonal BiLSTM,
Gated PixelCNN, the two losses), safetensors (checkpoint I/O without the safetensors package),
data (the IDX datasets and splits), train (DistributedDataParallel training), eval (test NLL).
"""
