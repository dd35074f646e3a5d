#include "engine/checkpoint.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

#include <nlohmann/json.hpp>

namespace ps::engine {

namespace {

using json = nlohmann::json;

constexpr std::uint64_t k_max_header = 100u << 20;  // safetensors' own limit, 100 MB

std::string dir_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

std::string errno_text() { return std::strerror(errno); }

// A process killed between creating "<path>.tmp.<pid>" and the rename leaves that file behind, and
// every later run has a new pid, so without this they would pile up (one per kill). Each save
// first removes temporaries of the same checkpoint whose writer no longer exists; a live
// writer's file (kill(pid, 0) succeeds or fails with EPERM) is left alone.
void remove_stale_temporaries(const std::string& path) {
    const auto slash = path.find_last_of('/');
    const std::string prefix =
        (slash == std::string::npos ? path : path.substr(slash + 1)) + ".tmp.";
    DIR* dir = ::opendir(dir_of(path).c_str());
    if (!dir) return;
    std::vector<std::string> stale;
    while (const dirent* e = ::readdir(dir)) {
        const std::string name = e->d_name;
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string digits = name.substr(prefix.size());
        if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
            continue;
        const pid_t pid = pid_t(std::stol(digits));
        if (pid > 0 && pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH)
            stale.push_back(name);
    }
    ::closedir(dir);
    for (const std::string& name : stale) ::unlink((dir_of(path) + "/" + name).c_str());
}

}  // namespace

// --- writing -------------------------------------------------------------------------------------

std::vector<std::uint8_t> encode_safetensors(const Checkpoint& checkpoint) {
    json header = json::object();
    std::size_t offset = 0;
    for (const auto& t : checkpoint.tensors) {
        const std::size_t bytes = t.data.size() * sizeof(float);
        header[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    json meta = json::object();
    for (const auto& [k, v] : checkpoint.metadata) meta[k] = v;
    header["__metadata__"] = meta;
    std::string text = header.dump();
    while (text.size() % 8 != 0) text += ' ';  // data section starts 8-byte aligned

    std::vector<std::uint8_t> out(8 + text.size() + offset);
    const std::uint64_t n = text.size();
    for (int i = 0; i < 8; ++i) out[std::size_t(i)] = std::uint8_t(n >> (8 * i));
    std::memcpy(out.data() + 8, text.data(), text.size());
    std::uint8_t* data = out.data() + 8 + text.size();
    for (const auto& t : checkpoint.tensors)
        for (float v : t.data) {  // little-endian regardless of the host
            std::uint32_t u;
            std::memcpy(&u, &v, 4);
            for (int i = 0; i < 4; ++i) *data++ = std::uint8_t(u >> (8 * i));
        }
    return out;
}

bool save_safetensors(const std::string& path, const Checkpoint& checkpoint, std::string& error) {
    const std::vector<std::uint8_t> bytes = encode_safetensors(checkpoint);
    return write_file_atomic(path, bytes.data(), bytes.size(), error);
}

bool write_file_atomic(const std::string& path, const void* data, std::size_t size,
                       std::string& error) {
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    remove_stale_temporaries(path);  // before ours exists: at most one is ever left behind
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        error = path + ": cannot create " + tmp + ": " + errno_text();
        return false;
    }
    std::size_t done = 0;
    while (done < size) {
        const ssize_t w = ::write(fd, bytes + done, size - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            error = path + ": write failed: " + errno_text();
            ::close(fd);
            ::unlink(tmp.c_str());
            return false;
        }
        done += std::size_t(w);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        error = path + ": fsync/close failed: " + errno_text();
        ::unlink(tmp.c_str());
        return false;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        error = path + ": rename from " + tmp + " failed: " + errno_text();
        ::unlink(tmp.c_str());
        return false;
    }
    const int dfd = ::open(dir_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {  // make the rename itself durable
        ::fsync(dfd);
        ::close(dfd);
    }
    return true;
}

// --- reading -------------------------------------------------------------------------------------

CheckpointResult load_safetensors(const std::string& path) {
    CheckpointResult r;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        r.error = path + ": cannot open: " + errno_text();
        return r;
    }
    // A directory opens fine and seeking to its end reports 2^63 - 1 bytes on ext4, which the
    // buffer below would try to allocate (std::length_error, an uncaught crash): only regular
    // files are read.
    struct stat st;
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        r.error = path + ": not a regular file";
        return r;
    }
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0);
    if (size < 0) {
        r.error = path + ": cannot read its size";
        return r;
    }
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size)) {
        r.error = path + ": read failed";
        return r;
    }
    return decode_safetensors(bytes, path);
}

CheckpointResult decode_safetensors(const std::vector<std::uint8_t>& bytes,
                                    const std::string& name) {
    CheckpointResult r;
    auto fail = [&](const std::string& what) {
        r.ok = false;
        r.error = name + ": " + what;
        r.checkpoint = {};
        return r;
    };
    if (bytes.size() < 8)
        return fail("file is " + std::to_string(bytes.size()) +
                    " bytes, too short for the 8-byte header length");
    std::uint64_t n = 0;
    for (int i = 0; i < 8; ++i) n |= std::uint64_t(bytes[std::size_t(i)]) << (8 * i);
    if (n > k_max_header)
        return fail("header length " + std::to_string(n) + " exceeds the 100 MB limit");
    if (n > bytes.size() - 8)
        return fail("header length " + std::to_string(n) + " runs past the end of the file (" +
                    std::to_string(bytes.size()) + " bytes)");
    if (n < 2 || bytes[8] != '{') return fail("header at offset 8 does not start with '{'");
    const std::string text(reinterpret_cast<const char*>(bytes.data()) + 8, std::size_t(n));
    json header;
    try {
        header = json::parse(text);
    } catch (const json::exception& e) {
        return fail(std::string("header JSON: ") + e.what());
    }
    if (!header.is_object()) return fail("header is not a JSON object");
    const std::size_t data_size = bytes.size() - 8 - std::size_t(n);
    const std::uint8_t* data = bytes.data() + 8 + n;

    struct Span {
        std::size_t begin, end;
        std::string name;
    };
    std::vector<Span> spans;
    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& key = it.key();
        const json& v = it.value();
        if (key == "__metadata__") {
            if (!v.is_object()) return fail("__metadata__ is not an object");
            for (auto m = v.begin(); m != v.end(); ++m) {
                if (!m.value().is_string())
                    return fail("__metadata__." + m.key() + " is not a string");
                r.checkpoint.metadata[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        if (!v.is_object() || !v.contains("dtype") || !v.contains("shape") ||
            !v.contains("data_offsets"))
            return fail("tensor '" + key + "' needs dtype, shape and data_offsets");
        if (!v["dtype"].is_string() || v["dtype"].get<std::string>() != "F32")
            return fail("tensor '" + key + "' has dtype " + v["dtype"].dump() +
                        ", only \"F32\" is supported");
        const json& shape = v["shape"];
        if (!shape.is_array() || shape.size() > 8)
            return fail("tensor '" + key + "' shape must be an array of at most 8 dims");
        CheckpointTensor t;
        t.name = key;
        std::uint64_t count = 1;
        for (const json& d : shape) {
            if (!d.is_number_unsigned())
                return fail("tensor '" + key + "' shape " + shape.dump() +
                            " has a non-integer or negative dim");
            const std::uint64_t dim = d.get<std::uint64_t>();
            if (dim > (std::uint64_t(1) << 32))
                return fail("tensor '" + key + "' dim " + std::to_string(dim) + " is too large");
            t.shape.push_back(std::size_t(dim));
            count *= dim;  // <= 2^32 per dim, checked against the file below
            if (count > data_size / 4 + 1 && count != 0)
                return fail("tensor '" + key + "' shape " + shape.dump() + " needs more than the " +
                            std::to_string(data_size) + "-byte data section");
        }
        const json& off = v["data_offsets"];
        if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() ||
            !off[1].is_number_unsigned())
            return fail("tensor '" + key + "' data_offsets must be [begin, end]");
        const std::uint64_t b = off[0].get<std::uint64_t>(), e = off[1].get<std::uint64_t>();
        if (b > e || e > data_size)
            return fail("tensor '" + key + "' data_offsets [" + std::to_string(b) + ", " +
                        std::to_string(e) + "] out of range of the " + std::to_string(data_size) +
                        "-byte data section");
        if (e - b != count * 4)
            return fail("tensor '" + key + "' shape " + shape.dump() + " holds " +
                        std::to_string(count * 4) + " bytes but data_offsets span " +
                        std::to_string(e - b));
        t.data.resize(std::size_t(count));
        for (std::size_t i = 0; i < t.data.size(); ++i) {
            const std::uint8_t* q = data + b + 4 * i;
            const std::uint32_t u = std::uint32_t(q[0]) | std::uint32_t(q[1]) << 8 |
                                    std::uint32_t(q[2]) << 16 | std::uint32_t(q[3]) << 24;
            std::memcpy(&t.data[i], &u, 4);
            if (!std::isfinite(t.data[i]))
                return fail("tensor '" + key + "' value " + std::to_string(i) + " is not finite");
        }
        spans.push_back({std::size_t(b), std::size_t(e), key});
        r.checkpoint.tensors.push_back(std::move(t));
    }
    // the spans must tile the data section: sorted, no overlap, no gap, nothing after
    std::vector<Span> sorted = spans;
    std::sort(sorted.begin(), sorted.end(),
              [](const Span& a, const Span& b) { return a.begin < b.begin || (a.begin == b.begin && a.end < b.end); });
    std::size_t at = 0;
    for (const Span& s : sorted) {
        if (s.begin < at) return fail("tensor '" + s.name + "' overlaps the tensor before it");
        if (s.begin > at)
            return fail("gap in the data section before tensor '" + s.name + "' (bytes " +
                        std::to_string(at) + ".." + std::to_string(s.begin) + ")");
        at = s.end;
    }
    if (at != data_size)
        return fail("data section is " + std::to_string(data_size) + " bytes but tensors cover " +
                    std::to_string(at));
    // keep file order (by offset) so a round trip writes the same bytes
    std::sort(r.checkpoint.tensors.begin(), r.checkpoint.tensors.end(),
              [&](const CheckpointTensor& a, const CheckpointTensor& b) {
                  auto pos = [&](const std::string& nm) {
                      for (const Span& s : spans)
                          if (s.name == nm) return s.begin;
                      return std::size_t(0);
                  };
                  return pos(a.name) < pos(b.name);
              });
    r.ok = true;
    return r;
}

// --- models --------------------------------------------------------------------------------------

Checkpoint make_checkpoint(const Model<float>& model,
                           const std::map<std::string, std::string>& extra_metadata,
                           const std::vector<Tensor1<float>>* values) {
    const ParamList<float>& params = model.params();
    if (values && int(values->size()) != params.size())
        throw EngineError("make_checkpoint: " + std::to_string(values->size()) +
                          " value tensors for " + std::to_string(params.size()) + " params");
    Checkpoint c;
    c.metadata = extra_metadata;
    c.metadata["arch"] = model.config().arch;
    c.metadata["config"] = model.config().to_json();
    c.metadata["format"] = "pixelscope";
    for (int k = 0; k < params.size(); ++k) {
        const Param<float>& p = params[k];
        const Tensor1<float>& v = values ? (*values)[std::size_t(k)] : p.value;
        if (v.size() != p.size())
            throw EngineError("make_checkpoint: values for '" + p.name + "' have " +
                              std::to_string(v.size()) + " entries, not " +
                              std::to_string(p.size()));
        c.tensors.push_back({p.name, p.shape, std::vector<float>(v.begin(), v.end())});
    }
    return c;
}

bool save_model(const std::string& path, const Model<float>& model,
                const std::map<std::string, std::string>& extra_metadata, std::string& error,
                const std::vector<Tensor1<float>>* values) {
    return save_safetensors(path, make_checkpoint(model, extra_metadata, values), error);
}

LoadedModel load_model(const std::string& path) {
    LoadedModel r;
    CheckpointResult c = load_safetensors(path);
    if (!c.ok) {
        r.error = c.error;
        return r;
    }
    const auto& meta = c.checkpoint.metadata;
    auto arch = meta.find("arch"), config = meta.find("config");
    if (arch == meta.end() || config == meta.end()) {
        r.error = path + ": __metadata__ lacks 'arch' or 'config' (not a PixelScope checkpoint?)";
        return r;
    }
    ModelConfig cfg;
    try {
        cfg = ModelConfig::from_json(config->second);
        if (cfg.arch != arch->second)
            throw EngineError("metadata arch '" + arch->second + "' differs from config arch '" +
                              cfg.arch + "'");
        r.model = make_model<float>(cfg, 0);
    } catch (const EngineError& e) {
        r.error = path + ": " + e.what();
        return r;
    }
    ParamList<float>& params = r.model->params();
    std::vector<bool> seen(std::size_t(params.size()), false);
    for (const CheckpointTensor& t : c.checkpoint.tensors) {
        const int k = params.find(t.name);
        if (k < 0) {
            r.error = path + ": unexpected tensor '" + t.name + "' for " + cfg.arch;
            r.model.reset();
            return r;
        }
        Param<float>& p = params[k];
        if (t.shape != p.shape) {
            r.error = path + ": tensor '" + t.name + "' has shape " + shape_string(t.shape) +
                      ", the model needs " + shape_string(p.shape);
            r.model.reset();
            return r;
        }
        for (std::size_t i = 0; i < p.size(); ++i) p.value[i] = p.mask[i] != 0.0f ? t.data[i] : 0.0f;
        seen[std::size_t(k)] = true;
    }
    for (int k = 0; k < params.size(); ++k)
        if (!seen[std::size_t(k)]) {
            r.error = path + ": tensor '" + params[k].name + "' is missing";
            r.model.reset();
            return r;
        }
    r.metadata = meta;
    r.ok = true;
    return r;
}

}  // namespace ps::engine
