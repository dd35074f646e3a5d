// IDX reader: good files (raw, gzip, concatenated gzip) and every kind of bad one, each failing
// with a message that names the file, the problem and (where one applies) the byte offset.
#include <doctest/doctest.h>

#include "data/idx.hpp"
#include "test_helpers.hpp"

using namespace ps::data;
using namespace ps::test;

namespace {

const std::string k_fixtures = std::string(PIXELSCOPE_TEST_FIXTURES) + "/idx/";

// Reads `bytes` written to a temporary file as IDX of `rank`; returns the error ("" if ok).
std::string error_of(const Bytes& bytes, int rank, const std::string& name = "f-idx3-ubyte") {
    TempDir dir;
    const std::string path = dir.write(name, bytes);
    IdxResult r = read_idx_u8(path, rank);
    if (r.ok) return "";
    CHECK(contains(r.error, path));  // every message names the file
    return r.error;
}

}  // namespace

TEST_CASE("good IDX files, raw and gzip, give the same dims and payload") {
    const IdxResult raw = read_idx_u8(k_fixtures + "tiny-images-idx3-ubyte", 3);
    REQUIRE_MESSAGE(raw.ok, raw.error);
    CHECK(raw.array.dims == std::vector<std::uint32_t>{3, 2, 3});
    CHECK(raw.array.data ==
          Bytes{0, 127, 128, 255, 1, 254, 10, 20, 30, 40, 50, 60, 200, 100, 0, 255, 128, 127});

    const IdxResult gz = read_idx_u8(k_fixtures + "gz/tiny-images-idx3-ubyte.gz", 3);
    REQUIRE_MESSAGE(gz.ok, gz.error);
    CHECK(gz.array.dims == raw.array.dims);
    CHECK(gz.array.data == raw.array.data);

    const IdxResult labels = read_idx_u8(k_fixtures + "gz/tiny-labels-idx1-ubyte.gz", 1);
    REQUIRE_MESSAGE(labels.ok, labels.error);
    CHECK(labels.array.dims == std::vector<std::uint32_t>{3});
    CHECK(labels.array.data == Bytes{7, 1, 4});
}

TEST_CASE("gzip is detected by its magic bytes, not by the file name") {
    TempDir dir;
    const Bytes idx = idx_bytes(0x08, {2, 4, 5}, ramp(40));
    // A gzip file without .gz, and a raw file with .gz.
    const IdxResult a = read_idx_u8(dir.write("images-idx3-ubyte", gzip_bytes(idx)), 3);
    const IdxResult b = read_idx_u8(dir.write("images-idx3-ubyte.gz", idx), 3);
    REQUIRE_MESSAGE(a.ok, a.error);
    REQUIRE_MESSAGE(b.ok, b.error);
    CHECK(a.array.data == ramp(40));
    CHECK(b.array.data == ramp(40));

    // Two gzip members one after the other decompress to their concatenation, as with gunzip.
    const Bytes whole = idx_bytes(0x08, {3}, {5, 6, 7});
    Bytes two = gzip_bytes(Bytes(whole.begin(), whole.begin() + 5));
    const Bytes second = gzip_bytes(Bytes(whole.begin() + 5, whole.end()));
    two.insert(two.end(), second.begin(), second.end());
    const IdxResult c = read_idx_u8(dir.write("two-members", two), 1);
    REQUIRE_MESSAGE(c.ok, c.error);
    CHECK(c.array.data == Bytes{5, 6, 7});
}

TEST_CASE("bad headers: magic, type byte, rank, truncation, zero dimensions") {
    SUBCASE("wrong magic") {
        Bytes b = idx_bytes(0x08, {1, 2, 2}, ramp(4));
        b[0] = 0x1a;
        b[1] = 0x2b;
        const std::string e = error_of(b, 3);
        CAPTURE(e);
        CHECK(contains(e, "not an IDX file: magic 0x1a2b0803 at offset 0"));
        CHECK(contains(e, "expected 0x00000803"));
    }
    SUBCASE("wrong data type byte") {
        const std::string e = error_of(idx_bytes(0x0D, {1, 2, 2}, Bytes(16)), 3);
        CAPTURE(e);
        CHECK(contains(e, "data type byte 0x0d (float32) at offset 2"));
    }
    SUBCASE("labels read as images: wrong rank") {
        const std::string e = error_of(idx_bytes(0x08, {4}, ramp(4)), 3);
        CAPTURE(e);
        CHECK(contains(e, "magic 0x00000801: rank 1 at offset 3"));
        CHECK(contains(e, "expected 0x00000803"));
    }
    SUBCASE("images read as labels") {
        const std::string e = error_of(idx_bytes(0x08, {1, 2, 2}, ramp(4)), 1);
        CAPTURE(e);
        CHECK(contains(e, "rank 3 at offset 3, expected 0x00000801"));
    }
    SUBCASE("truncated header: fewer than 4 bytes") {
        const std::string e = error_of(Bytes{0, 0, 8}, 3);
        CAPTURE(e);
        CHECK(contains(e, "truncated header: 3 bytes"));
    }
    SUBCASE("truncated header: the dims are cut") {
        const Bytes full = idx_bytes(0x08, {1, 2, 2}, {});
        const std::string e = error_of(Bytes(full.begin(), full.begin() + 10), 3);
        CAPTURE(e);
        CHECK(contains(e, "truncated header: 10 bytes"));
        CHECK(contains(e, "needs 16"));
    }
    SUBCASE("empty file") {
        const std::string e = error_of(Bytes{}, 1);
        CAPTURE(e);
        CHECK(contains(e, "truncated header: 0 bytes"));
    }
    SUBCASE("a dimension of 0") {
        const std::string e = error_of(idx_bytes(0x08, {5, 0, 28}, {}), 3);
        CAPTURE(e);
        CHECK(contains(e, "dimension 1 is 0 at offset 8"));
    }
}

TEST_CASE("dimensions whose product overflows or exceeds the size cap") {
    SUBCASE("product overflows 64 bits") {
        const std::string e =
            error_of(idx_bytes(0x08, {0xffffffffu, 0xffffffffu, 0xffffffffu}, {}), 3);
        CAPTURE(e);
        CHECK(contains(e, "dimensions 4294967295x4294967295x4294967295"));
        CHECK(contains(e, "more than 1000000000 bytes"));
    }
    SUBCASE("product just over the cap") {
        const std::string e = error_of(idx_bytes(0x08, {1001, 1000, 1000}, {}), 3);
        CAPTURE(e);
        CHECK(contains(e, "dimensions 1001x1000x1000"));
    }
    SUBCASE("a single huge label count") {
        const std::string e = error_of(idx_bytes(0x08, {0xfffffff0u}, {}), 1);
        CAPTURE(e);
        CHECK(contains(e, "size limit"));
    }
}

TEST_CASE("payload: truncated or followed by trailing bytes") {
    SUBCASE("truncated payload, raw (committed fixture)") {
        const std::string path = k_fixtures + "truncated-images-idx3-ubyte";
        const IdxResult r = read_idx_u8(path, 3);
        REQUIRE_FALSE(r.ok);
        CAPTURE(r.error);
        CHECK(contains(r.error, path + ": truncated payload"));
        CHECK(contains(r.error, "need 1568 bytes"));
        CHECK(contains(r.error, "ends at offset 116"));
        CHECK(contains(r.error, "1468 bytes missing"));
    }
    SUBCASE("truncated payload inside a complete gzip stream") {
        const std::string e = error_of(gzip_bytes(idx_bytes(0x08, {2, 3, 3}, ramp(17))), 3);
        CAPTURE(e);
        CHECK(contains(e, "truncated payload"));
        CHECK(contains(e, "of the decompressed data"));
    }
    SUBCASE("one byte short") {
        const std::string e = error_of(idx_bytes(0x08, {6}, ramp(5)), 1);
        CAPTURE(e);
        CHECK(contains(e, "1 bytes missing"));
    }
    SUBCASE("trailing bytes") {
        const std::string e = error_of(idx_bytes(0x08, {2, 2, 2}, ramp(11)), 3);
        CAPTURE(e);
        CHECK(contains(e, "3 trailing bytes after the payload, from offset 24"));
    }
}

TEST_CASE("gzip errors") {
    const Bytes good = gzip_bytes(idx_bytes(0x08, {40, 28, 28}, ramp(40 * 784)));
    SUBCASE("the stream is cut short") {
        const std::string e =
            error_of(Bytes(good.begin(), good.begin() + long(good.size() / 2)), 3);
        CAPTURE(e);
        CHECK(contains(e, "gzip stream truncated"));
        CHECK(contains(e, "offset " + std::to_string(good.size() / 2)));
    }
    SUBCASE("only the gzip magic") {
        const std::string e = error_of(Bytes{0x1f, 0x8b}, 3);
        CAPTURE(e);
        CHECK(contains(e, "gzip stream truncated"));
    }
    SUBCASE("corrupt compressed data") {
        Bytes bad = good;
        for (std::size_t i = 20; i < 60; ++i) bad[i] ^= 0xa5;
        const std::string e = error_of(bad, 3);
        CAPTURE(e);
        CHECK(contains(e, "corrupt gzip data near offset"));
    }
    SUBCASE("wrong CRC in the trailer") {
        Bytes bad = good;
        bad[bad.size() - 8] ^= 0xff;
        const std::string e = error_of(bad, 3);
        CAPTURE(e);
        CHECK(contains(e, "corrupt gzip data"));
        CHECK(contains(e, "incorrect data check"));
    }
    SUBCASE("a bad gzip header (compression method)") {
        Bytes bad = good;
        bad[2] = 0x07;
        const std::string e = error_of(bad, 3);
        CAPTURE(e);
        CHECK(contains(e, "corrupt gzip data"));
    }
    SUBCASE("junk after the gzip stream") {
        Bytes bad = good;
        for (std::uint8_t x : {1, 2, 3, 4, 5}) bad.push_back(x);
        const std::string e = error_of(bad, 3);
        CAPTURE(e);
        CHECK(contains(
            e, "5 trailing bytes after the gzip stream at offset " + std::to_string(good.size())));
    }
    SUBCASE("decompressing past the size limit stops") {
        TempDir dir;
        const std::string path = dir.write("zeros.gz", gzip_bytes(Bytes(100000, 0)));
        const BytesResult r = read_file_bytes(path, 1000);
        REQUIRE_FALSE(r.ok);
        CAPTURE(r.error);
        CHECK(contains(r.error, "decompresses to more than 1000 bytes"));
        CHECK(read_file_bytes(path, 100000).ok);
    }
}

TEST_CASE("missing file, folder instead of file") {
    const IdxResult missing = read_idx_u8("/nonexistent/dir/images-idx3-ubyte", 3);
    REQUIRE_FALSE(missing.ok);
    CHECK(missing.error ==
          "/nonexistent/dir/images-idx3-ubyte: cannot open: No such file or directory");
    TempDir dir;
    const IdxResult folder = read_idx_u8(dir.path.string(), 3);
    REQUIRE_FALSE(folder.ok);
    CHECK(contains(folder.error, "is a directory"));
}

TEST_CASE("parse_idx_u8 works on bytes in memory") {
    const IdxResult r = parse_idx_u8(idx_bytes(0x08, {2, 1, 2}, {9, 8, 7, 6}), 3, "mem");
    REQUIRE(r.ok);
    CHECK(r.array.data == Bytes{9, 8, 7, 6});
    const IdxResult bad = parse_idx_u8(idx_bytes(0x08, {2, 1, 2}, {9}), 3, "mem");
    CHECK(bad.error.rfind("mem: truncated payload", 0) == 0);
}
