// paper_psnr FILE...: the PSNR the paper's base method reports for 8-bit gray images, from its
// arithmetic as we reconstruct it: an orthonormal one-level Haar DWT in double precision
// (filter taps 1/sqrt(2) = 0.7071067811865476, columns first, as PyWavelets' dwt2), the
// coefficients rounded to integers (half to even), the inverse DWT in double precision and the
// result cast to 8 bits by truncation (values just below an integer drop by one).
// smearpress's own decoder is exact integer arithmetic and rounds instead (codec/format.hpp);
// docs/BASE-METHOD.md compares the two. A development aid, not part of the product.
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: paper_psnr GRAY_IMAGE...\n");
    return 2;
  }
  const double t = 0.7071067811865476;
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    const cv::Mat m = cv::imread(argv[i], cv::IMREAD_UNCHANGED);
    if (m.empty() || m.type() != CV_8UC1 || m.rows % 2 || m.cols % 2) {
      std::fprintf(stderr, "paper_psnr: %s: need an 8-bit gray image of even size\n", argv[i]);
      status = 1;
      continue;
    }
    double se = 0;
    for (int y = 0; y < m.rows; y += 2)
      for (int x = 0; x < m.cols; x += 2) {
        const double a = m.at<std::uint8_t>(y, x), b = m.at<std::uint8_t>(y, x + 1);
        const double c = m.at<std::uint8_t>(y + 1, x), d = m.at<std::uint8_t>(y + 1, x + 1);
        // Forward: pairs down the columns, then along the rows; round every coefficient.
        const double l0 = a * t + c * t, h0 = a * t - c * t, l1 = b * t + d * t, h1 = b * t - d * t;
        const double ll = std::nearbyint(l0 * t + l1 * t), hl = std::nearbyint(l0 * t - l1 * t);
        const double lh = std::nearbyint(h0 * t + h1 * t), hh = std::nearbyint(h0 * t - h1 * t);
        // Inverse in the opposite order, then the truncating cast.
        const double r0 = ll * t + hl * t, r1 = ll * t - hl * t, s0 = lh * t + hh * t, s1 = lh * t - hh * t;
        const double px[4] = {r0 * t + s0 * t, r1 * t + s1 * t, r0 * t - s0 * t, r1 * t - s1 * t};
        const double orig[4] = {a, b, c, d};
        for (int k = 0; k < 4; ++k) {
          const double v = std::clamp(std::trunc(px[k]), 0.0, 255.0);
          se += (v - orig[k]) * (v - orig[k]);
        }
      }
    const double mse = se / static_cast<double>(m.total());
    std::string name = argv[i];
    name = name.substr(name.find_last_of('/') + 1);
    std::printf("%s,%.2f\n", name.c_str(), mse == 0 ? INFINITY : 10 * std::log10(255.0 * 255.0 / mse));
  }
  return status;
}
