// module.cpp - the `smearpress` Python module: encode, decode, detect and inspect .smz data from
// NumPy arrays and bytes. Arguments are converted with the GIL held (arrays.hpp), the work
// (work.hpp) runs with it released, so Python threads compress in parallel.
#include "arrays.hpp"
#include "work.hpp"

#include "config/config.hpp"
#include "io/files.hpp"
#include "reporting/run_info.hpp"

#include <codec/error.hpp>

#include <pybind11/pybind11.h>

#include <malloc.h>

#include <exception>
#include <string>

namespace py = pybind11;
using smearpress::Settings;

namespace {

// None: the built-in defaults (configs/default.json); a path (str or os.PathLike): a JSON config
// file; a dict: a document shaped like one, read by the same parser as the files.
Settings settings_from(const py::object& config) {
  if (config.is_none()) return Settings{};
  if (py::isinstance<py::dict>(config)) {
    const auto text = py::module_::import("json").attr("dumps")(config).cast<std::string>();
    return smearpress::parse_config(text, "config").settings;
  }
  if (py::isinstance<py::str>(config) || py::hasattr(config, "__fspath__")) {
    const auto path = py::module_::import("os").attr("fspath")(config).cast<std::string>();
    const py::gil_scoped_release unlocked;
    return smearpress::load_config(path).settings;
  }
  throw py::type_error("config: expected None, a path or a dict");
}

py::bytes to_bytes(const std::vector<std::uint8_t>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size()};
}

py::bytes encode(const py::object& image, const py::object& config) {
  const Settings settings = settings_from(config);
  const auto pixels = smearpress::python::image_from_array(image);
  std::vector<std::uint8_t> out;
  {
    const py::gil_scoped_release unlocked;
    out = smearpress::python::encode_image(pixels, settings);
  }
  return to_bytes(out);
}

py::bytes encode_file(const py::object& path, const py::object& config) {
  const Settings settings = settings_from(config);
  const auto file = py::module_::import("os").attr("fspath")(path).cast<std::string>();
  std::vector<std::uint8_t> out;
  {
    const py::gil_scoped_release unlocked;
    out = smearpress::python::encode_path(file, settings);
  }
  return to_bytes(out);
}

py::tuple decode(const py::object& data) {
  const auto bytes = smearpress::python::bytes_from_buffer(data);
  smearpress::python::DecodedImage d;
  {
    const py::gil_scoped_release unlocked;
    d = smearpress::python::decode_bytes(bytes);
  }
  return py::make_tuple(smearpress::python::array_from_mat(d.image), smearpress::python::array_from_mat(d.weights));
}

// A `source` argument: a path (str or os.PathLike) into `file`, else a bytes-like object's bytes
// into `bytes`.
void read_source(const py::object& source, std::string& file, std::vector<std::uint8_t>& bytes) {
  if (py::isinstance<py::str>(source) || py::hasattr(source, "__fspath__"))
    file = py::module_::import("os").attr("fspath")(source).cast<std::string>();
  else
    bytes = smearpress::python::bytes_from_buffer(source);
}

// `source`: .smz bytes (any bytes-like object) or a path, from which a tiled file is read tile by tile.
py::tuple decode_region(const py::object& source, int x, int y, int width, int height) {
  std::string file;
  std::vector<std::uint8_t> bytes;
  read_source(source, file, bytes);
  smearpress::python::DecodedImage d;
  {
    const py::gil_scoped_release unlocked;
    d = smearpress::python::decode_region_of(file, bytes, cv::Rect(x, y, width, height));
  }
  return py::make_tuple(smearpress::python::array_from_mat(d.image), smearpress::python::array_from_mat(d.weights));
}

py::array_t<std::uint8_t> detect(const py::object& image, const py::object& config) {
  const Settings settings = settings_from(config);
  const auto pixels = smearpress::python::image_from_array(image);
  cv::Mat1b mask;
  {
    const py::gil_scoped_release unlocked;
    mask = smearpress::python::detect_mask(pixels, settings);
  }
  return smearpress::python::array_from_mat(mask);
}

py::object info(const py::object& source) {
  std::string file;
  std::vector<std::uint8_t> bytes;
  read_source(source, file, bytes);
  std::string text;
  {
    const py::gil_scoped_release unlocked;
    text = smearpress::python::info_json_text(file, bytes);
  }
  return py::module_::import("json").attr("loads")(text);
}

// The command line's error classes as Python's: bad arguments are ValueError, unreadable files
// OSError, damaged .smz data (and encoder failures) smearpress.Error; each with its one-line message.
void register_errors(py::module_& m) {
  static py::exception<codec::Error> error(m, "Error");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const codec::Error& e) {
      if (e.code() == codec::ErrorCode::kInvalidArgument)
        PyErr_SetString(PyExc_ValueError, e.what());
      else
        error((std::string(codec::to_string(e.code())) + ": " + e.what()).c_str());
    } catch (const smearpress::ConfigError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const smearpress::InputError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    }
  });
}

}  // namespace

PYBIND11_MODULE(smearpress, m) {
  // As the command line's main() does (docs/BENCHMARKS.md): each image allocates and frees buffers
  // of a few MB, which glibc's defaults return to the kernel and fault in again every time (a BCCD
  // field encoded in about 17 ms instead of 3 ms). Process-wide, documented in docs/PYTHON.md.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  m.doc() = "ROI-aware compression of blood-smear images into .smz files (see docs/PYTHON.md).";
  m.attr("__version__") = smearpress::smearpress_version();
  register_errors(m);
  m.def("encode", &encode, py::arg("image"), py::arg("config") = py::none(),
        "Compress an image into .smz bytes, exactly as `smearpress encode` does for a PNG of the same pixels.\n\n"
        "image: numpy uint8 array, H x W (gray) or H x W x 3 (B,G,R, as OpenCV gives), any strides.\n"
        "config: None (built-in defaults, configs/default.json), a path to a JSON config, or a dict shaped\n"
        "like one. Images larger than codec.tile are stored tiled, as the command line does.\n"
        "Raises ValueError for a bad array or config.");
  m.def("encode_file", &encode_file, py::arg("path"), py::arg("config") = py::none(),
        "Compress an image or slide file into .smz bytes, exactly as `smearpress encode PATH` does: a JPEG's\n"
        "ROI may be kept as its own DCT coefficients; TIFF and vendor slides larger than a tile are read by\n"
        "regions. Raises OSError for an unreadable file, ValueError for a bad config.");
  m.def("decode", &decode, py::arg("data"),
        "Decode .smz bytes into (image, weights): image H x W x 3 (B,G,R) or H x W uint8, weights H x W uint8\n"
        "(255 = exact ROI pixel), the pixels `smearpress decode` writes. A tiled file is decoded whole\n"
        "(ValueError when too large: use the command line). Raises smearpress.Error on damaged data.");
  m.def("decode_region", &decode_region, py::arg("source"), py::arg("x"), py::arg("y"), py::arg("width"),
        py::arg("height"),
        "Decode one region of a .smz file into (image, weights), the pixels `smearpress decode --region\n"
        "X,Y,W,H` writes. source: .smz bytes, or a path; from a path, a tiled file (a slide) is read only\n"
        "for the tiles the region touches, so patches of a slide far larger than memory can be sampled.\n"
        "Raises ValueError for a region that is empty or not inside the image, smearpress.Error on damaged\n"
        "data, OSError for a file that cannot be read.");
  m.def("detect", &detect, py::arg("image"), py::arg("config") = py::none(),
        "The ROI mask the encoder uses for an image: H x W uint8, 255 = ROI (the config's roi.* settings).");
  m.def("set_threads", &smearpress::python::set_threads, py::arg("threads"),
        "Set the most threads one call may use: OpenCV's workers inside the steps of an image and the tile\n"
        "workers of a tiled one. 0 (the default): one per core. Set 1 when your own threads or processes\n"
        "(DataLoader workers) are the parallelism, so calls do not compete for the cores. Process-wide;\n"
        "the outputs never depend on it. Raises ValueError when negative.");
  m.def("get_threads", &smearpress::python::threads,
        "The most threads one call may use (set_threads), 0 resolved to the number of cores.");
  m.def("info", &info, py::arg("source"),
        "The fields of `smearpress info --json` for .smz bytes or a .smz file's path, as a dict (without\n"
        "\"file\"); a tiled file at a path is read one tile at a time, in bounded memory. Raises\n"
        "smearpress.Error on damaged data, OSError for a file that cannot be read.");
}
