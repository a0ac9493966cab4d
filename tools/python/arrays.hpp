// arrays.hpp - NumPy arrays <-> images, called with the GIL held. Arrays come in any strides
// (views, slices, Fortran order) and are copied out, so the C++ work can run without the GIL.
#pragma once

#include <codec/image.hpp>

#include <opencv2/core.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <vector>

namespace smearpress::python {

/// A copy of an 8-bit H x W (gray) or H x W x 3 (B,G,R) array; throws std::invalid_argument
/// (ValueError) naming what is wrong with any other array.
codec::Image image_from_array(const pybind11::object& array);

/// A new H x W (1 channel) or H x W x C uint8 array with the pixels of `mat`.
pybind11::array_t<std::uint8_t> array_from_mat(const cv::Mat& mat);

/// The bytes of a bytes-like object (bytes, bytearray, memoryview, contiguous arrays), copied.
std::vector<std::uint8_t> bytes_from_buffer(const pybind11::object& data);

}  // namespace smearpress::python
