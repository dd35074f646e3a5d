// Checkpoints as safetensors (DESIGN.md §3), readable by NumPy, PyTorch and `safetensors`.
//
//   file = [u64 LE n] [n bytes of JSON header, space padded to a multiple of 8] [data section]
//   header = { "<name>": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
//              "__metadata__": {"arch": "pixelcnn", "config": "<ModelConfig JSON>",
//                               "dataset": "mnist", "step": "1234", "nll": "81.2", ...} }
//   offsets are relative to the data section, [begin, end), in order, without gaps or overlap,
//   covering it exactly; values little-endian float32 in PyTorch layouts.
//
// Writes are atomic: a temporary file in the same directory, fsync, rename, fsync of the
// directory. Reading never throws and never trusts the file: every failure is a result whose
// message names the file and the problem (header length vs size, JSON, UTF-8, dtype, shapes vs
// byte spans, offsets, missing or extra tensors, huge dims, non-finite values).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/model.hpp"

namespace ps::engine {

struct CheckpointTensor {
    std::string name;
    std::vector<std::size_t> shape;
    std::vector<float> data;
};

struct Checkpoint {
    std::map<std::string, std::string> metadata;
    std::vector<CheckpointTensor> tensors;  // in file order
};

// Writes `size` bytes to `path` atomically (a temporary "<path>.tmp.<pid>" in the same folder,
// fsync, rename, fsync of the folder; temporaries of dead writers are removed first): a reader, or
// a process killed at any moment, sees the old file or the new one, never a mix. False and
// error = "<path>: <problem>" on failure. Also used for the training logs beside checkpoints.
bool write_file_atomic(const std::string& path, const void* data, std::size_t size,
                       std::string& error);

// Serialises and writes atomically; false and error = "<path>: <problem>" on failure.
bool save_safetensors(const std::string& path, const Checkpoint& checkpoint, std::string& error);
std::vector<std::uint8_t> encode_safetensors(const Checkpoint& checkpoint);

struct CheckpointResult {
    bool ok = false;
    Checkpoint checkpoint;
    std::string error;  // "<path>: <problem>"
};
CheckpointResult load_safetensors(const std::string& path);
// The same checks on bytes already in memory; `name` is used in messages.
CheckpointResult decode_safetensors(const std::vector<std::uint8_t>& bytes,
                                    const std::string& name);

// A model's params plus metadata arch, config and the given extras (dataset, step, nll, ...).
// `values` (in param order, e.g. Trainer::averaged_values()) replaces the params' own values.
Checkpoint make_checkpoint(const Model<float>& model,
                           const std::map<std::string, std::string>& extra_metadata,
                           const std::vector<Tensor1<float>>* values = nullptr);
bool save_model(const std::string& path, const Model<float>& model,
                const std::map<std::string, std::string>& extra_metadata, std::string& error,
                const std::vector<Tensor1<float>>* values = nullptr);

struct LoadedModel {
    bool ok = false;
    std::unique_ptr<Model<float>> model;
    std::map<std::string, std::string> metadata;
    std::string error;  // "<path>: <problem>"
};
// Builds the model named by metadata arch/config and fills it; every model param must be present
// with its exact shape and no other tensor may be. Masked entries are set to exact zeros.
LoadedModel load_model(const std::string& path);

}  // namespace ps::engine
