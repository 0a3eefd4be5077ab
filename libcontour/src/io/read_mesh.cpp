#include "contour/io/read_mesh.hpp"

#include "contour/core/errors.hpp"
#include "io/mesh_builder.hpp"
#include "io/readers.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>

namespace contour {

const char* format_name(MeshFormat format) {
  switch (format) {
    case MeshFormat::Ply: return "ply";
    case MeshFormat::Obj: return "obj";
    case MeshFormat::Stl: return "stl";
    case MeshFormat::Vtp: return "vtp";
    case MeshFormat::Vtk: return "vtk";
  }
  return "unknown";
}

MeshFormat format_from_path(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".ply") return MeshFormat::Ply;
  if (ext == ".obj") return MeshFormat::Obj;
  if (ext == ".stl") return MeshFormat::Stl;
  if (ext == ".vtp") return MeshFormat::Vtp;
  if (ext == ".vtk") return MeshFormat::Vtk;
  throw InvalidInput(path + ": unsupported file extension \"" + ext +
                     "\" (supported: .ply .obj .stl .vtp .vtk)");
}

ReadMeshResult read_mesh(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) throw IoError(path + ": no such file");
  if (fs::is_directory(st)) throw IoError(path + ": is a directory, not a mesh file");
  if (!fs::is_regular_file(st)) throw IoError(path + ": is not a regular file");
  const MeshFormat format = format_from_path(path);

  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot be opened for reading");
  const auto size = fs::file_size(path, ec);
  if (ec) throw IoError(path + ": cannot read the file size");
  if (size == 0) throw InvalidInput(path + ": the file is empty");
  ReadMeshResult out;
  out.format = format;
  try {
    std::string data;
    data.resize(static_cast<std::size_t>(size));
    in.read(data.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size) throw IoError(path + ": could not read the whole file");
    switch (format) {
      case MeshFormat::Ply: detail::read_ply(path, data, out); break;
      case MeshFormat::Obj: detail::read_obj(path, data, out); break;
      case MeshFormat::Stl: detail::read_stl(path, data, out); break;
      case MeshFormat::Vtp: detail::read_vtk_polydata(path, data, out); break;
      case MeshFormat::Vtk: detail::read_vtk_legacy(path, data, out); break;
    }
  } catch (const std::bad_alloc&) {
    // The readers check declared counts against the file size, so this means a file too large
    // for this machine rather than a lying header; still an error that names the file.
    throw IoError(path + ": not enough memory to read the file (" + std::to_string(size) + " bytes)");
  }
  return out;
}

}  // namespace contour
