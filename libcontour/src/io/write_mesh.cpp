#include "contour/io/write_mesh.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/output_files.hpp"
#include "io/vtk_writers.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <random>
#include <unistd.h>

namespace contour {

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write, bool binary) {
  ResolvedOutput out;
  try {
    out = resolve_output({"", path, false});
  } catch (const InvalidInput& e) {
    throw IoError(e.what());
  }
  // Stale temporaries are not looked for here: a batch writes thousands of files into one
  // folder (it cleans once at its start), and the apps clean when they resolve their outputs.
  OutputTransaction t({out});
  t.stage(0, write, binary);
  t.commit();
}

namespace {

void check_scalar(const std::string& path, const Mesh& mesh, const WriteMeshOptions& opt) {
  if (!opt.vertex_scalar.empty() && static_cast<Eigen::Index>(opt.vertex_scalar.size()) != mesh.num_vertices())
    throw InvalidInput(path + ": vertex scalar has " + std::to_string(opt.vertex_scalar.size()) +
                       " values for " + std::to_string(mesh.num_vertices()) + " vertices");
}

void write_ply(std::ostream& out, const Mesh& m, const WriteMeshOptions& opt) {
  const bool scalar = !opt.vertex_scalar.empty();
  out << "ply\nformat " << (opt.binary ? "binary_little_endian" : "ascii") << " 1.0\n"
      << "comment written by libcontour\n"
      << "element vertex " << m.num_vertices() << "\nproperty double x\nproperty double y\nproperty double z\n";
  if (scalar) out << "property float " << opt.vertex_scalar_name << "\n";
  out << "element face " << m.num_faces() << "\nproperty list uchar int vertex_indices\nend_header\n";
  if (opt.binary) {
    std::vector<char> buf;
    buf.reserve(static_cast<std::size_t>(m.num_vertices()) * 28);
    for (Eigen::Index i = 0; i < m.num_vertices(); ++i) {
      const double p[3] = {m.V(i, 0), m.V(i, 1), m.V(i, 2)};
      buf.insert(buf.end(), reinterpret_cast<const char*>(p), reinterpret_cast<const char*>(p) + 24);
      if (scalar) {
        const float s = static_cast<float>(opt.vertex_scalar[static_cast<std::size_t>(i)]);
        buf.insert(buf.end(), reinterpret_cast<const char*>(&s), reinterpret_cast<const char*>(&s) + 4);
      }
    }
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
    for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
      buf.push_back(3);
      const int t[3] = {m.F(f, 0), m.F(f, 1), m.F(f, 2)};
      buf.insert(buf.end(), reinterpret_cast<const char*>(t), reinterpret_cast<const char*>(t) + 12);
    }
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  } else {
    out << std::setprecision(17);
    for (Eigen::Index i = 0; i < m.num_vertices(); ++i) {
      out << m.V(i, 0) << ' ' << m.V(i, 1) << ' ' << m.V(i, 2);
      if (scalar) out << ' ' << opt.vertex_scalar[static_cast<std::size_t>(i)];
      out << '\n';
    }
    for (Eigen::Index f = 0; f < m.num_faces(); ++f) out << "3 " << m.F(f, 0) << ' ' << m.F(f, 1) << ' ' << m.F(f, 2) << '\n';
  }
}

void write_obj(std::ostream& out, const Mesh& m) {
  out << "# written by libcontour\n" << std::setprecision(17);
  for (Eigen::Index i = 0; i < m.num_vertices(); ++i) out << "v " << m.V(i, 0) << ' ' << m.V(i, 1) << ' ' << m.V(i, 2) << '\n';
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    out << "f " << m.F(f, 0) + 1 << ' ' << m.F(f, 1) + 1 << ' ' << m.F(f, 2) + 1 << '\n';
}

Eigen::Vector3d face_normal(const Mesh& m, Eigen::Index f) {
  const Eigen::Vector3d a = m.V.row(m.F(f, 0)), b = m.V.row(m.F(f, 1)), c = m.V.row(m.F(f, 2));
  const Eigen::Vector3d n = (b - a).cross(c - a);
  const double len = n.norm();
  return len > 0 ? Eigen::Vector3d(n / len) : Eigen::Vector3d::Zero();
}

void write_stl(std::ostream& out, const Mesh& m, bool binary) {
  if (binary) {
    char header[80] = {};
    std::strncpy(header, "binary STL written by libcontour", sizeof(header) - 1);
    out.write(header, 80);
    const auto n = static_cast<std::uint32_t>(m.num_faces());
    out.write(reinterpret_cast<const char*>(&n), 4);
    std::vector<char> buf(50);
    for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
      float rec[12];
      const Eigen::Vector3d nrm = face_normal(m, f);
      for (int k = 0; k < 3; ++k) rec[k] = static_cast<float>(nrm[k]);
      for (int v = 0; v < 3; ++v)
        for (int k = 0; k < 3; ++k) rec[3 + 3 * v + k] = static_cast<float>(m.V(m.F(f, v), k));
      std::memcpy(buf.data(), rec, 48);
      buf[48] = buf[49] = 0;
      out.write(buf.data(), 50);
    }
  } else {
    out << "solid libcontour\n" << std::setprecision(9);
    for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
      const Eigen::Vector3d nrm = face_normal(m, f);
      out << " facet normal " << nrm[0] << ' ' << nrm[1] << ' ' << nrm[2] << "\n  outer loop\n";
      for (int v = 0; v < 3; ++v)
        out << "   vertex " << m.V(m.F(f, v), 0) << ' ' << m.V(m.F(f, v), 1) << ' ' << m.V(m.F(f, v), 2) << '\n';
      out << "  endloop\n endfacet\n";
    }
    out << "endsolid libcontour\n";
  }
}

}  // namespace

void write_mesh(std::ostream& out, MeshFormat format, const Mesh& mesh, const WriteMeshOptions& options) {
  check_scalar("mesh", mesh, options);
  switch (format) {
    case MeshFormat::Ply: write_ply(out, mesh, options); break;
    case MeshFormat::Obj: write_obj(out, mesh); break;
    case MeshFormat::Stl: write_stl(out, mesh, options.binary); break;
    case MeshFormat::Vtp:
    case MeshFormat::Vtk: {
      const std::string bytes = detail::polydata_bytes(mesh, options, format == MeshFormat::Vtp);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      break;
    }
  }
}

void write_mesh(const std::string& path, const Mesh& mesh, const WriteMeshOptions& options) {
  const MeshFormat format = format_from_path(path);
  check_scalar(path, mesh, options);
  write_file_atomically(path, [&](std::ostream& o) { write_mesh(o, format, mesh, options); }, true);
}

}  // namespace contour
