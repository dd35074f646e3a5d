// Index: 1. Reading a file (raw or gunzipped)  2. Parsing the IDX header and payload
#include "data/idx.hpp"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ps::data {

namespace {

std::string hex(std::uint32_t v, int digits) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%0*x", digits, v);
    return buf;
}

std::string u64(std::uint64_t v) {
    return std::to_string(v);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 1. Reading a file (raw or gunzipped)

namespace {

// Gunzips `in` (one or more concatenated gzip members) into `out`, at most max_bytes.
bool gunzip(const std::vector<std::uint8_t>& in, std::uint64_t max_bytes,
            std::vector<std::uint8_t>& out, std::string& problem) {
    z_stream zs{};
    // 16 + 15: gzip wrapper only, 32 KiB window.
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        problem = "cannot initialise zlib";
        return false;
    }
    // The gzip trailer's ISIZE (size mod 2^32) is a good first guess for the output size when it
    // is plausible; on a cut or corrupt file those 4 bytes are arbitrary, so a guess above 16x the
    // compressed size (MNIST-like data compresses ~2-6x) starts at 4x instead and grows.
    std::uint64_t guess = 4 * std::uint64_t(in.size());
    if (in.size() >= 18) {
        const std::uint8_t* t = in.data() + in.size() - 4;
        const std::uint64_t isize = std::uint64_t(t[0]) | std::uint64_t(t[1]) << 8 |
                                    std::uint64_t(t[2]) << 16 | std::uint64_t(t[3]) << 24;
        if (isize <= 16 * std::uint64_t(in.size())) guess = isize;
    }
    // One byte past the cap, so producing it proves the data is too big.
    const std::uint64_t limit = max_bytes + 1;
    out.resize(
        std::size_t(std::min<std::uint64_t>(std::max<std::uint64_t>(guess + 1, 1 << 16), limit)));

    zs.next_in = const_cast<Bytef*>(in.data());
    zs.avail_in = uInt(in.size());
    std::uint64_t produced = 0;
    bool ok = true;
    for (;;) {
        if (produced == out.size()) {
            if (out.size() >= limit) {
                problem = "gzip data decompresses to more than " + u64(max_bytes) +
                          " bytes (the size limit)";
                ok = false;
                break;
            }
            out.resize(std::size_t(std::min<std::uint64_t>(out.size() * 2, limit)));
        }
        zs.next_out = out.data() + produced;
        zs.avail_out = uInt(std::min<std::uint64_t>(out.size() - produced, 1u << 30));
        const uInt before = zs.avail_out;
        const int rc = inflate(&zs, Z_NO_FLUSH);
        produced += before - zs.avail_out;
        const std::uint64_t at = in.size() - zs.avail_in;  // offset in the compressed file
        if (rc == Z_STREAM_END) {
            if (zs.avail_in == 0) break;
            // Another gzip member may follow (as `cat a.gz b.gz` makes); anything else is junk.
            if (zs.avail_in >= 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b) {
                inflateReset(&zs);
                continue;
            }
            problem = u64(zs.avail_in) + " trailing bytes after the gzip stream at offset " +
                      u64(at) + " of the compressed file";
            ok = false;
            break;
        }
        if (rc == Z_OK) continue;
        if (rc == Z_BUF_ERROR && zs.avail_out == 0) continue;  // output full: grow, go on
        if (rc == Z_BUF_ERROR) {
            problem = "gzip stream truncated: the compressed file ends at offset " + u64(at) +
                      " before the end of the stream";
        } else if (rc == Z_MEM_ERROR) {
            problem = "out of memory while decompressing";
        } else {
            problem = std::string("corrupt gzip data near offset ") + u64(at) +
                      " of the compressed file: " + (zs.msg ? zs.msg : "zlib error");
        }
        ok = false;
        break;
    }
    inflateEnd(&zs);
    out.resize(std::size_t(produced));
    return ok;
}

}  // namespace

BytesResult read_file_bytes(const std::string& path, std::uint64_t max_bytes) {
    BytesResult r;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        r.error = path + ": cannot open: " + std::strerror(errno);
        return r;
    }
    struct stat st {};
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        r.error = path + ": is a directory, not a file";
        std::fclose(f);
        return r;
    }
    // A compressed file is smaller than its data, so the same cap bounds both.
    if (std::uint64_t(st.st_size) > max_bytes) {
        r.error = path + ": the file is " + u64(std::uint64_t(st.st_size)) +
                  " bytes, more than the limit of " + u64(max_bytes);
        std::fclose(f);
        return r;
    }
    std::vector<std::uint8_t> raw(std::size_t(st.st_size));
    const std::size_t got = raw.empty() ? 0 : std::fread(raw.data(), 1, raw.size(), f);
    const bool read_error = std::ferror(f) != 0;
    std::fclose(f);
    if (read_error || got != raw.size()) {
        r.error = path + ": read error after " + u64(got) + " of " + u64(raw.size()) + " bytes";
        return r;
    }

    if (raw.size() >= 2 && raw[0] == 0x1f && raw[1] == 0x8b) {
        r.gzipped = true;
        std::string problem;
        if (!gunzip(raw, max_bytes, r.bytes, problem)) {
            r.error = path + ": " + problem;
            return r;
        }
    } else {
        r.bytes = std::move(raw);
    }
    r.ok = true;
    return r;
}

// ---------------------------------------------------------------------------------------------
// 2. Parsing the IDX header and payload

namespace {

const char* type_name(std::uint8_t t) {
    switch (t) {
        case 0x08:
            return "unsigned byte";
        case 0x09:
            return "signed byte";
        case 0x0B:
            return "int16";
        case 0x0C:
            return "int32";
        case 0x0D:
            return "float32";
        case 0x0E:
            return "float64";
        default:
            return "not an IDX type";
    }
}

const char* rank_meaning(int rank) {
    return rank == 3 ? "images (N, H, W)" : rank == 1 ? "labels (N)" : "an array";
}

}  // namespace

IdxResult parse_idx_u8(std::vector<std::uint8_t> b, int expected_rank, const std::string& name,
                       bool gzipped) {
    IdxResult r;
    const std::string where = gzipped ? " of the decompressed data" : "";
    const std::uint32_t expected_magic = 0x0800u | std::uint32_t(expected_rank);
    auto fail = [&](const std::string& problem) {
        r.error = name + ": " + problem;
        return r;
    };

    if (b.size() < 4)
        return fail("truncated header: " + u64(b.size()) + " bytes" + where +
                    ", an IDX header needs at least 4");
    const std::uint32_t magic =
        std::uint32_t(b[0]) << 24 | std::uint32_t(b[1]) << 16 | std::uint32_t(b[2]) << 8 | b[3];
    if (b[0] != 0 || b[1] != 0)
        return fail("not an IDX file: magic " + hex(magic, 8) + " at offset 0" + where +
                    ", expected " + hex(expected_magic, 8) + " (" + rank_meaning(expected_rank) +
                    ")");
    if (b[2] != 0x08)
        return fail("data type byte " + hex(b[2], 2) + " (" + type_name(b[2]) + ") at offset 2" +
                    where + ", only unsigned byte (0x08) is supported");
    const int rank = b[3];
    if (rank != expected_rank)
        return fail("magic " + hex(magic, 8) + ": rank " + std::to_string(rank) + " at offset 3" +
                    where + ", expected " + hex(expected_magic, 8) + " (" +
                    rank_meaning(expected_rank) + ")");

    const std::size_t header = 4 + 4 * std::size_t(rank);
    if (b.size() < header)
        return fail("truncated header: " + u64(b.size()) + " bytes" + where + ", a rank-" +
                    std::to_string(rank) + " IDX header needs " + u64(header));

    std::uint64_t payload = 1;
    std::string shape;
    r.array.dims.resize(std::size_t(rank));
    for (int d = 0; d < rank; ++d) {
        const std::uint8_t* p = b.data() + 4 + 4 * d;
        const std::uint32_t n =
            std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
        if (n == 0)
            return fail("dimension " + std::to_string(d) + " is 0 at offset " +
                        std::to_string(4 + 4 * d) + where);
        r.array.dims[std::size_t(d)] = n;
        shape += (d ? "x" : "") + std::to_string(n);
        // payload * n <= cap, checked without overflowing.
        if (payload > k_idx_max_payload / n) {
            // Finish the shape for the message, then fail.
            for (int e = d + 1; e < rank; ++e) {
                const std::uint8_t* q = b.data() + 4 + 4 * e;
                shape +=
                    "x" + std::to_string(std::uint32_t(q[0]) << 24 | std::uint32_t(q[1]) << 16 |
                                         std::uint32_t(q[2]) << 8 | q[3]);
            }
            return fail("dimensions " + shape + " (header at offset 4" + where +
                        ") need more than " + u64(k_idx_max_payload) + " bytes (the size limit)");
        }
        payload *= n;
    }

    const std::uint64_t have = b.size() - header;
    if (have < payload)
        return fail("truncated payload: dimensions " + shape + " need " + u64(payload) +
                    " bytes after the " + u64(header) + "-byte header, the data ends at offset " +
                    u64(b.size()) + where + " (" + u64(payload - have) + " bytes missing)");
    if (have > payload)
        return fail(u64(have - payload) + " trailing bytes after the payload, from offset " +
                    u64(header + payload) + where);

    b.erase(b.begin(), b.begin() + std::ptrdiff_t(header));
    r.array.data = std::move(b);
    r.ok = true;
    return r;
}

IdxResult read_idx_u8(const std::string& path, int expected_rank) {
    BytesResult bytes = read_file_bytes(path, k_idx_max_payload + 4 + 4 * 255);
    if (!bytes.ok) {
        IdxResult r;
        r.error = std::move(bytes.error);
        return r;
    }
    return parse_idx_u8(std::move(bytes.bytes), expected_rank, path, bytes.gzipped);
}

}  // namespace ps::data
