// peer_source_file.cpp - the "source-file" peer: a JPEG source kept as it is. There is nothing to
// encode (the bench does not time the copy); its decoder is jpeg_decode (peer_opencv.cpp), which
// is cv::imdecode with IMREAD_UNCHANGED, the way load_image reads the file.
#include "bench/peer_util.hpp"
#include "bench/peers.hpp"

namespace smearpress::peers {

Bytes source_file_encode(ByteSpan source) {
  require_data(source, "source-file");
  return Bytes(source.begin(), source.end());
}

}  // namespace smearpress::peers
