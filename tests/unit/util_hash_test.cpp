#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "util/hash.hpp"
#include "util/paths.hpp"

namespace {

// FIPS 180-2 test vectors.
constexpr const char* kSha256Abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr const char* kSha256Empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* kSha256TwoBlocks = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";

}  // namespace

TEST_CASE("sha256_hex matches the standard test vectors", "[util][hash]") {
  CHECK(gm::sha256_hex("abc") == kSha256Abc);
  CHECK(gm::sha256_hex("") == kSha256Empty);
  CHECK(gm::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == kSha256TwoBlocks);
}

TEST_CASE("Sha256 fed in pieces equals the one-shot digest", "[util][hash]") {
  gm::Sha256 hash;
  hash.update("a");
  hash.update("");
  hash.update("bc");
  CHECK(hash.hex_digest() == kSha256Abc);
}

TEST_CASE("sha256_file hashes a file's bytes", "[util][hash]") {
  gm::TempDir dir("gm-hash-test");
  auto path = dir.path() / "data.bin";
  std::ofstream(path, std::ios::binary) << "abc";
  auto digest = gm::sha256_file(path);
  REQUIRE(digest);
  CHECK(*digest == kSha256Abc);
}

TEST_CASE("sha256_file reports a missing file", "[util][hash]") {
  gm::TempDir dir("gm-hash-test");
  auto digest = gm::sha256_file(dir.path() / "missing");
  REQUIRE_FALSE(digest);
  CHECK_THAT(digest.error(), Catch::Contains("cannot read"));
}
