#include "arrays.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

namespace py = pybind11;

namespace smearpress::python {

namespace {

std::string shape_text(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) s += (i ? ", " : "") + std::to_string(a.shape(i));
  return s + (a.ndim() == 1 ? ",)" : ")");
}

// Throws std::invalid_argument unless `a` is a uint8 H x W or H x W x 3 array with pixels.
void check_image_array(const py::array& a) {
  if (a.dtype().kind() != 'u' || a.dtype().itemsize() != 1)
    throw std::invalid_argument("image: expected dtype uint8, got " + std::string(py::str(a.dtype())));
  const bool gray = a.ndim() == 2;
  if (!gray && !(a.ndim() == 3 && a.shape(2) == 3))
    throw std::invalid_argument("image: expected shape (H, W) or (H, W, 3) (B,G,R), got " + shape_text(a));
  if (a.size() == 0) throw std::invalid_argument("image: empty array of shape " + shape_text(a));
}

}  // namespace

codec::Image image_from_array(const py::object& object) {
  if (!py::isinstance<py::array>(object))
    throw std::invalid_argument("image: expected a numpy.ndarray, got " +
                                std::string(py::str(py::type::of(object).attr("__name__"))));
  const auto a = py::reinterpret_borrow<py::array>(object);
  check_image_array(a);
  const int height = static_cast<int>(a.shape(0)), width = static_cast<int>(a.shape(1));
  const int channels = a.ndim() == 3 ? 3 : 1;
  auto image = codec::Image::uninitialized(width, height, channels);
  const auto* base = static_cast<const std::uint8_t*>(a.data());
  const py::ssize_t sy = a.strides(0), sx = a.strides(1), sc = channels == 3 ? a.strides(2) : 1;
  const auto row_bytes = static_cast<std::size_t>(width) * channels;
  for (int y = 0; y < height; ++y) {
    std::uint8_t* out = image.data.data() + static_cast<std::size_t>(y) * row_bytes;
    const std::uint8_t* row = base + y * sy;
    if (sx == channels && sc == 1) {  // a packed row (the usual case): one copy
      std::memcpy(out, row, row_bytes);
      continue;
    }
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < channels; ++c) *out++ = row[x * sx + c * sc];
  }
  return image;
}

py::array_t<std::uint8_t> array_from_mat(const cv::Mat& mat) {
  const auto channels = static_cast<py::ssize_t>(mat.channels());
  std::vector<py::ssize_t> shape = {mat.rows, mat.cols};
  if (channels != 1) shape.push_back(channels);
  py::array_t<std::uint8_t> out(shape);
  const auto row_bytes = static_cast<std::size_t>(mat.cols) * mat.elemSize();
  auto* dst = out.mutable_data();
  for (int y = 0; y < mat.rows; ++y) std::memcpy(dst + y * row_bytes, mat.ptr(y), row_bytes);
  return out;
}

std::vector<std::uint8_t> bytes_from_buffer(const py::object& data) {
  Py_buffer view;
  // PyBUF_SIMPLE: contiguous bytes only; anything else raises the buffer protocol's TypeError.
  if (PyObject_GetBuffer(data.ptr(), &view, PyBUF_SIMPLE) != 0) throw py::error_already_set();
  const auto* begin = static_cast<const std::uint8_t*>(view.buf);
  std::vector<std::uint8_t> bytes(begin, begin + view.len);
  PyBuffer_Release(&view);
  return bytes;
}

}  // namespace smearpress::python
