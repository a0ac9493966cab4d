#include "jpeg_libjpeg.hpp"

#include <codec/error.hpp>
#include <codec/format.hpp>

#include <csetjmp>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string>

// clang-format off
#include <jpeglib.h>
#include <jerror.h>
// clang-format on

namespace smearpress::jpeg_detail {

namespace {

// Everything libjpeg's callbacks reach through cinfo->client_data. Callbacks never throw (no
// exception may cross libjpeg's C frames): they longjmp back to read_with_libjpeg, which destroys
// the decompressor and throws. Nothing between the two holds an object with a destructor.
struct Context {
  jpeg_error_mgr err{};
  jpeg_progress_mgr progress{};
  std::jmp_buf jump{};
  codec::ErrorCode code = codec::ErrorCode::kCorrupt;
  char message[JMSG_LENGTH_MAX] = {};
  int last_scan = 0;
  LibjpegRead* out = nullptr;
};

Context& context_of(j_common_ptr cinfo) { return *static_cast<Context*>(cinfo->client_data); }

[[noreturn]] void fail(j_common_ptr cinfo, codec::ErrorCode code) {
  Context& ctx = context_of(cinfo);
  ctx.code = code;
  (*cinfo->err->format_message)(cinfo, ctx.message);
  std::longjmp(ctx.jump, 1);
}

void on_error_exit(j_common_ptr cinfo) {
  fail(cinfo, cinfo->err->msg_code == JERR_INPUT_EOF ? codec::ErrorCode::kTruncated
                                                     : codec::ErrorCode::kCorrupt);
}

// Level -1 is a warning: libjpeg's only signal of corrupt or truncated entropy-coded data.
void on_emit_message(j_common_ptr cinfo, int level) {
  if (level >= 0) return;  // trace messages
  fail(cinfo, cinfo->err->msg_code == JWRN_JPEG_EOF ? codec::ErrorCode::kTruncated
                                                    : codec::ErrorCode::kCorrupt);
}

void on_output_message(j_common_ptr) {}

void code_lengths(const JHUFF_TBL* t, std::array<std::uint8_t, 256>& len) {
  if (t == nullptr) return;
  int k = 0;
  for (int l = 1; l <= 16; ++l)
    for (int n = 0; n < t->bits[l] && k < 256; ++n) len[t->huffval[k++]] = static_cast<std::uint8_t>(l);
}

// Called before every step of jpeg_read_coefficients: records each new scan's parameters once
// libjpeg has read its SOS (and set up the tables in force for it).
void on_progress(j_common_ptr common) {
  auto* cinfo = reinterpret_cast<j_decompress_ptr>(common);
  Context& ctx = context_of(common);
  if (cinfo->input_scan_number == ctx.last_scan) return;
  ctx.last_scan = cinfo->input_scan_number;
  if (ctx.last_scan > kMaxScans) {
    std::snprintf(ctx.message, sizeof ctx.message, "more than %d scans", kMaxScans);
    ctx.code = codec::ErrorCode::kLimitExceeded;
    std::longjmp(ctx.jump, 1);
  }
  ScanInfo s;
  s.comps_in_scan = cinfo->comps_in_scan;
  for (int i = 0; i < cinfo->comps_in_scan && i < 4; ++i) {
    const jpeg_component_info* comp = cinfo->cur_comp_info[i];
    s.comp[static_cast<std::size_t>(i)] = comp->component_index;
    code_lengths(cinfo->dc_huff_tbl_ptrs[comp->dc_tbl_no], s.dc_len[static_cast<std::size_t>(i)]);
    code_lengths(cinfo->ac_huff_tbl_ptrs[comp->ac_tbl_no], s.ac_len[static_cast<std::size_t>(i)]);
  }
  s.ss = cinfo->Ss;
  s.se = cinfo->Se;
  s.ah = cinfo->Ah;
  s.al = cinfo->Al;
  s.restart_interval = cinfo->restart_interval;
  bool stored = true;
  try {
    ctx.out->scans.push_back(s);
  } catch (...) {
    stored = false;
  }
  if (!stored) {
    std::snprintf(ctx.message, sizeof ctx.message, "out of memory");
    ctx.code = codec::ErrorCode::kLimitExceeded;
    std::longjmp(ctx.jump, 1);
  }
}

// Pixel-path reasons visible in the header (after jpeg_read_header).
std::string header_reason(const jpeg_decompress_struct& c) {
  if (c.arith_code) return "arithmetic-coded JPEG";
  const bool gray = c.num_components == 1 && c.jpeg_color_space == JCS_GRAYSCALE;
  const bool ycc = c.num_components == 3 && c.jpeg_color_space == JCS_YCbCr;
  if (!gray && !ycc)
    return std::to_string(c.num_components) + "-component JPEG in colour space " +
           std::to_string(static_cast<int>(c.jpeg_color_space)) +
           " (only grayscale and YCbCr; CMYK, YCCK, RGB and Adobe-transformed files are decoded "
           "as pixels)";
  for (int ci = 0; ci < c.num_components; ++ci) {
    const jpeg_component_info& comp = c.comp_info[ci];
    if (comp.h_samp_factor > codec::jpeg::kMaxSampling || comp.v_samp_factor > codec::jpeg::kMaxSampling)
      return "sampling factors " + std::to_string(comp.h_samp_factor) + "x" +
             std::to_string(comp.v_samp_factor) + " (component " + std::to_string(ci) +
             "); only 1 and 2 are rendered";
  }
  return {};
}

void check_size(const jpeg_decompress_struct& c) {
  const std::uint64_t w = c.image_width, h = c.image_height;
  if (w == 0 || h == 0) throw codec::Error(codec::ErrorCode::kCorrupt, "JPEG: zero image size");
  if (w > codec::kMaxDimension || h > codec::kMaxDimension || w * h > codec::kMaxPixels)
    throw codec::Error(codec::ErrorCode::kLimitExceeded,
                       "JPEG: image is " + std::to_string(w) + " x " + std::to_string(h) +
                           " pixels; at most " + std::to_string(codec::kMaxDimension) +
                           " on a side and " + std::to_string(codec::kMaxPixels) + " in all");
}

// Pixel-path reasons visible once all scans are read.
std::string coefficient_reason(const jpeg_decompress_struct& c) {
  for (int ci = 0; ci < c.num_components; ++ci) {
    if (c.comp_info[ci].quant_table == nullptr)
      return "component " + std::to_string(ci) + " appears in no scan";
    for (int k = 0; k < DCTSIZE2; ++k)
      if (c.comp_info[ci].quant_table->quantval[k] > 255)
        return "quantisation value above 255 (component " + std::to_string(ci) + ")";
    // libjpeg block-smooths a progressive image (changing its pixels) when any of the first
    // ten coefficients of a component is not known to full precision at the end of the file.
    if (c.progressive_mode && c.coef_bits != nullptr)
      for (int k = 0; k < 10; ++k)
        if (c.coef_bits[ci][k] != 0)
          return "progressive scans leave coefficient " + std::to_string(k) + " of component " +
                 std::to_string(ci) + " incomplete (libjpeg would block-smooth the image)";
  }
  return {};
}

void copy_coefficients(j_decompress_ptr cinfo, jvirt_barray_ptr* arrays, LibjpegRead& out);

// All libjpeg work after jpeg_create_decompress. May longjmp (libjpeg errors) or throw.
void run(Context& ctx, j_decompress_ptr cinfo, std::span<const std::uint8_t> bytes) {
  LibjpegRead& out = *ctx.out;
  jpeg_mem_src(cinfo, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_save_markers(cinfo, JPEG_APP0 + 1, 0xFFFF);
  jpeg_read_header(cinfo, TRUE);
  check_size(*cinfo);
  for (jpeg_saved_marker_ptr m = cinfo->marker_list; m != nullptr; m = m->next)
    if (m->marker == JPEG_APP0 + 1) out.app1.emplace_back(m->data, m->data + m->data_length);
  out.progressive = cinfo->progressive_mode != 0;
  out.unsupported = header_reason(*cinfo);
  if (!out.unsupported.empty()) return;
  ctx.progress.progress_monitor = on_progress;
  cinfo->progress = &ctx.progress;
  jvirt_barray_ptr* arrays = jpeg_read_coefficients(cinfo);
  out.unsupported = coefficient_reason(*cinfo);
  if (!out.unsupported.empty()) return;
  copy_coefficients(cinfo, arrays, out);
  jpeg_finish_decompress(cinfo);
}

void copy_coefficients(j_decompress_ptr cinfo, jvirt_barray_ptr* arrays, LibjpegRead& out) {
  namespace cj = codec::jpeg;
  static_assert(sizeof(JBLOCK) == cj::kBlockSize * sizeof(std::int16_t), "JCOEF must be 16-bit");
  cj::Coefficients& co = out.coefficients;
  co.width = static_cast<int>(cinfo->image_width);
  co.height = static_cast<int>(cinfo->image_height);
  co.color = cinfo->num_components == 1 ? cj::ColorSpace::gray : cj::ColorSpace::ycbcr;
  int tables = 0;
  co.components.resize(static_cast<std::size_t>(cinfo->num_components));
  out.padded_dc.resize(co.components.size());
  out.padded_w.resize(co.components.size());
  for (int ci = 0; ci < cinfo->num_components; ++ci) {
    const jpeg_component_info& info = cinfo->comp_info[ci];
    cj::Component& comp = co.components[static_cast<std::size_t>(ci)];
    comp.h_samp = info.h_samp_factor;
    comp.v_samp = info.v_samp_factor;
    comp.width_in_blocks = static_cast<int>(info.width_in_blocks);
    comp.height_in_blocks = static_cast<int>(info.height_in_blocks);
    std::array<std::uint16_t, cj::kBlockSize> q{};
    for (std::size_t k = 0; k < q.size(); ++k) q[k] = info.quant_table->quantval[k];
    comp.quant_index = -1;  // share identical tables
    for (int t = 0; t < tables && comp.quant_index < 0; ++t)
      if (co.quant[static_cast<std::size_t>(t)] == q) comp.quant_index = t;
    if (comp.quant_index < 0) {
      co.quant[static_cast<std::size_t>(tables)] = q;
      comp.quant_index = tables++;
    }
    const int pw = (comp.width_in_blocks + comp.h_samp - 1) / comp.h_samp * comp.h_samp;
    const int ph = (comp.height_in_blocks + comp.v_samp - 1) / comp.v_samp * comp.v_samp;
    comp.coeffs.clear();
    comp.coeffs.reserve(comp.block_count() * cj::kBlockSize);  // filled row by row below
    auto& dc = out.padded_dc[static_cast<std::size_t>(ci)];
    dc.resize(static_cast<std::size_t>(pw) * static_cast<std::size_t>(ph));
    out.padded_w[static_cast<std::size_t>(ci)] = pw;
    for (int by = 0; by < ph; ++by) {
      JBLOCKARRAY row = (*cinfo->mem->access_virt_barray)(reinterpret_cast<j_common_ptr>(cinfo), arrays[ci],
                                                          static_cast<JDIMENSION>(by), 1, FALSE);
      for (int bx = 0; bx < pw; ++bx) dc[static_cast<std::size_t>(by) * pw + bx] = row[0][bx][0];
      // A row of blocks is contiguous in both libjpeg's array and ours; appended, not copied
      // over zeros.
      if (by < comp.height_in_blocks) {
        const JCOEF* first = row[0][0];
        comp.coeffs.insert(comp.coeffs.end(), first, first + static_cast<std::size_t>(comp.width_in_blocks) * cj::kBlockSize);
      }
    }
  }
}

}  // namespace

LibjpegRead read_with_libjpeg(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) throw codec::Error(codec::ErrorCode::kTruncated, "JPEG: empty file");
  LibjpegRead out;
  Context ctx;
  ctx.out = &out;
  jpeg_decompress_struct cinfo;
  std::memset(&cinfo, 0, sizeof cinfo);
  cinfo.err = jpeg_std_error(&ctx.err);
  ctx.err.error_exit = on_error_exit;
  ctx.err.emit_message = on_emit_message;
  ctx.err.output_message = on_output_message;
  cinfo.client_data = &ctx;
  if (setjmp(ctx.jump) != 0) {
    jpeg_destroy_decompress(&cinfo);
    throw codec::Error(ctx.code, std::string("JPEG: ") + ctx.message);
  }
  jpeg_create_decompress(&cinfo);
  try {
    run(ctx, &cinfo, bytes);
  } catch (...) {
    jpeg_destroy_decompress(&cinfo);
    throw;
  }
  jpeg_destroy_decompress(&cinfo);
  return out;
}

}  // namespace smearpress::jpeg_detail
