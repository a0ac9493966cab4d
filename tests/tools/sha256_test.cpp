#include "../catch.hpp"
#include "../sha256.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace {

std::string hash_text(const std::string& s) {
  return test::sha256_hex(std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

}  // namespace

TEST_CASE("SHA-256 gives the FIPS 180-2 example digests", "[sha256]") {
  CHECK(hash_text("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hash_text("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hash_text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(hash_text(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 fed in pieces equals SHA-256 in one go", "[sha256]") {
  std::vector<std::uint8_t> bytes(300);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 37 + 11);
  const std::string whole = test::sha256_hex(bytes);
  for (const std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{55}, std::size_t{64}, std::size_t{199}}) {
    test::Sha256 h;
    h.update(std::span(bytes).first(cut));
    h.update(std::span(bytes).subspan(cut));
    CHECK(h.hex() == whole);
  }
}
