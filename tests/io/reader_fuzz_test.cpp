// Seeded random damage to valid small files (flipped bytes, cuts, removed or repeated chunks,
// extreme integers written over counts): reading and importing must either succeed or throw
// InvalidInput / IoError naming the file. Never a crash (the sanitizer build checks memory
// errors too), never another exception, never a long stall. The side files (donors JSON,
// landmarks JSON) get the same treatment; accepted landmark overrides, and random heights of
// every size, then go through find_landmarks and plan_geometry's checks on a real silhouette.
#include "contour/core/errors.hpp"
#include "contour/graft/load_donors.hpp"
#include "contour/plan/plan_geometry.hpp"
#include "contour/import/import_scan.hpp"
#include "contour/io/read_mesh.hpp"
#include "contour/io/write_mesh.hpp"
#include "temp_dir.hpp"
#include "test_meshes.hpp"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>

namespace contour {
namespace {

constexpr int kMutantsPerFile = 150;
constexpr double kMaxSecondsPerFile = 10.0;  // generous for the sanitizer build

std::string mutate(const std::string& in, std::mt19937& rng) {
  std::string s = in;
  auto pick = [&](std::size_t n) { return n == 0 ? std::size_t{0} : static_cast<std::size_t>(rng() % n); };
  switch (rng() % 7) {
    case 0: {  // a few random bytes
      const int n = 1 + static_cast<int>(rng() % 8);
      for (int i = 0; i < n && !s.empty(); ++i) s[pick(s.size())] = static_cast<char>(rng() & 0xff);
      break;
    }
    case 1:  // cut anywhere
      s.resize(pick(s.size()));
      break;
    case 2: {  // remove a chunk
      const std::size_t at = pick(s.size());
      s.erase(at, 1 + pick(std::min<std::size_t>(s.size() - at, 200)));
      break;
    }
    case 3: {  // repeat a chunk
      const std::size_t at = pick(s.size());
      s.insert(at, s.substr(at, 1 + pick(200)));
      break;
    }
    case 4: {  // an extreme 32-bit integer over any 4 bytes (counts, indices, lengths)
      static const std::uint32_t extremes[] = {0u, 1u, 0x7fffffffu, 0x80000000u, 0xffffffffu, 0x00010000u};
      const std::uint32_t v = extremes[rng() % 6];
      if (s.size() >= 4) std::memcpy(s.data() + pick(s.size() - 3), &v, 4);
      break;
    }
    case 5: {  // digits into text (counts and indices grow)
      const std::size_t at = pick(s.size());
      s.insert(at, std::to_string(rng()));
      break;
    }
    default: {  // a whitespace-separated token replaced by something hostile
      static const char* tokens[] = {"nan", "-inf", "1e308", "-1", "99999999999", "0", "3.5", "", "-2147483648"};
      const std::size_t at = s.find(' ', pick(s.size()));
      if (at != std::string::npos) {
        const std::size_t end = s.find_first_of(" \n", at + 1);
        s.replace(at + 1, (end == std::string::npos ? s.size() : end) - at - 1, tokens[rng() % 9]);
      }
      break;
    }
  }
  return s;
}

struct Sample {
  const char* name;
  bool binary;
};

class ReaderFuzz : public ::testing::TestWithParam<Sample> {};

TEST_P(ReaderFuzz, DamagedFilesAreReadOrRejectedNeverCrash) {
  const Sample sample = GetParam();
  test::TempDir dir;
  test::BodyShape small;
  small.ring_points = 16;
  small.leg_levels = 10;
  small.torso_levels = 8;
  const Mesh body = test::make_body_mesh(small);
  ASSERT_GE(body.num_faces(), 500);  // big enough that an undamaged copy imports
  const std::string original_path = dir.file(std::string("original_") + sample.name);
  WriteMeshOptions opt;
  opt.binary = sample.binary;
  write_mesh(original_path, body, opt);
  const std::string original = test::read_bytes(original_path);
  ASSERT_NO_THROW((void)import_scan(original_path));

  std::mt19937 rng(12345u + static_cast<unsigned>(std::hash<std::string>{}(sample.name)) + (sample.binary ? 1u : 0u));
  const std::string path = dir.file(sample.name);
  int read_ok = 0, imported = 0, rejected = 0;
  double slowest = 0;
  for (int i = 0; i < kMutantsPerFile; ++i) {
    std::string bytes = mutate(original, rng);
    if (rng() % 3 == 0) bytes = mutate(bytes, rng);  // sometimes two kinds of damage
    test::write_bytes(path, bytes);
    const auto t0 = std::chrono::steady_clock::now();
    try {
      const ReadMeshResult r = read_mesh(path);
      ++read_ok;
      EXPECT_TRUE(r.mesh.V.allFinite());
      if (r.mesh.num_faces() > 0) {
        EXPECT_GE(r.mesh.F.minCoeff(), 0);
        EXPECT_LT(r.mesh.F.maxCoeff(), r.mesh.num_vertices());
      }
      (void)import_mesh(r.mesh, path);
      ++imported;
    } catch (const InvalidInput& e) {
      ++rejected;
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    } catch (const IoError& e) {
      ++rejected;
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "mutant " << i << ": unexpected exception type: " << e.what();
    }
    slowest = std::max(slowest, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  EXPECT_LT(slowest, kMaxSecondsPerFile);
  EXPECT_GT(rejected, 0);  // the damage is real
  RecordProperty("read", read_ok);
  RecordProperty("imported", imported);
  RecordProperty("rejected", rejected);
}

INSTANTIATE_TEST_SUITE_P(Formats, ReaderFuzz,
                         ::testing::Values(Sample{"m.ply", true}, Sample{"m.ply", false}, Sample{"m.stl", true},
                                           Sample{"m.stl", false}, Sample{"m.obj", false}, Sample{"m.vtk", true},
                                           Sample{"m.vtk", false}, Sample{"m.vtp", true}, Sample{"m.vtp", false}),
                         [](const auto& info) {
                           return std::string(info.param.name).substr(2) + (info.param.binary ? "_binary" : "_ascii");
                         });

// ---- side files ----

std::string json_mutant(const std::string& original, std::mt19937& rng) {
  std::string bytes = mutate(original, rng);
  if (rng() % 3 == 0) bytes = mutate(bytes, rng);
  if (rng() % 4 == 0) {  // a number replaced by a hostile one
    static const char* numbers[] = {"1e308", "-1e308", "1e999", "-0", "0", "1e-320", "18446744073709551616",
                                    "-9223372036854775809", "700", "\"700\"", "null", "[]", "{}", "true"};
    const std::size_t at = bytes.find_first_of("0123456789", rng() % std::max<std::size_t>(bytes.size(), 1));
    if (at != std::string::npos) {
      const std::size_t end = bytes.find_first_not_of("0123456789.eE+-", at);
      bytes.replace(at, (end == std::string::npos ? bytes.size() : end) - at, numbers[rng() % 14]);
    }
  }
  return bytes;
}

TEST(SideFileFuzz, DamagedDonorsFilesAreReadOrRejectedNamingTheFile) {
  const std::string original = test::read_bytes(std::string(CONTOUR_TEST_DATA_DIR) + "/donors.example.json");
  ASSERT_NO_THROW((void)parse_donors(original, "donors.json"));
  test::TempDir dir;
  const std::string path = dir.file("donors.json");
  std::mt19937 rng(20261202u);
  int accepted = 0, rejected = 0;
  for (int i = 0; i < 400; ++i) {
    test::write_bytes(path, json_mutant(original, rng));
    try {
      const DonorsFile d = load_donors(path);
      ++accepted;
      for (const DonorSite& s : d.sites) {
        EXPECT_TRUE(std::isfinite(s.capacity_ml) && s.capacity_ml >= 0) << s.capacity_ml;
        EXPECT_TRUE(s.priority >= 1 && s.priority <= 9);
      }
    } catch (const InvalidInput& e) {
      ++rejected;
      EXPECT_EQ(std::string(e.what()).rfind(path + ": ", 0), 0u) << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "mutant " << i << ": unexpected exception type: " << e.what();
    }
  }
  EXPECT_GT(rejected, 0);
  RecordProperty("accepted", accepted);
  RecordProperty("rejected", rejected);
}

TEST(SideFileFuzz, DamagedLandmarksFilesAndAnyHeightsNeverIndexOutOfRange) {
  const ImportedScan scan = import_scan(std::string(CONTOUR_TEST_DATA_DIR) + "/samples/phantom_asymmetric.ply");
  const Silhouette sil = extract_silhouette(scan.mesh, scan.info.crotch_z_mm);
  const SideLandmarks automatic = find_landmarks(sil, Side::Left);
  const Landmarks& z = automatic.z;
  char text[512];
  std::snprintf(text, sizeof text,
                "{\"waist_z_mm\": %.1f, \"left\": {\"iliac_z_mm\": %.1f, \"dip_z_mm\": %.1f, "
                "\"trochanter_z_mm\": %.1f}, \"right\": {\"thigh_z_mm\": %.1f}}",
                z.waist_z_mm, z.iliac_z_mm, z.dip_z_mm, z.trochanter_z_mm, z.thigh_z_mm);
  const std::string original = text;
  test::TempDir dir;
  const std::string path = dir.file("landmarks.json");
  test::write_bytes(path, original);
  ASSERT_NO_THROW((void)load_landmark_overrides(path));

  std::mt19937 rng(7u);
  auto check_heights = [&](const std::array<LandmarkOverrides, 2>& ov) {
    for (int s = 0; s < 2; ++s) {
      const Side side = s == 0 ? Side::Left : Side::Right;
      try {
        validate_landmark_overrides(ov[s], sil, scan.info.height_mm, path + ": ");
        const SideLandmarks lm = find_landmarks(sil, side, {}, ov[s]);
        EXPECT_LE(lm.z.thigh_z_mm, lm.z.trochanter_z_mm);
        EXPECT_LT(lm.z.trochanter_z_mm, lm.z.dip_z_mm);
        EXPECT_LT(lm.z.dip_z_mm, lm.z.iliac_z_mm);
        EXPECT_LE(lm.z.iliac_z_mm, lm.z.waist_z_mm);
      } catch (const InvalidInput&) {
      } catch (const std::exception& e) {
        ADD_FAILURE() << "unexpected exception type: " << e.what();
      }
    }
  };
  int accepted = 0, rejected = 0;
  for (int i = 0; i < 300; ++i) {
    test::write_bytes(path, json_mutant(original, rng));
    try {
      check_heights(load_landmark_overrides(path));
      ++accepted;
    } catch (const InvalidInput& e) {
      ++rejected;
      EXPECT_EQ(std::string(e.what()).rfind(path + ": ", 0), 0u) << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "mutant " << i << ": unexpected exception type: " << e.what();
    }
  }
  // Random heights, each given or not, anywhere from below the scan to far above it.
  std::uniform_real_distribution<double> height(-100.0, scan.info.height_mm + 100.0);
  for (int i = 0; i < 2000; ++i) {
    std::array<LandmarkOverrides, 2> ov;
    for (auto* f : {&ov[0].waist_z_mm, &ov[0].iliac_z_mm, &ov[0].dip_z_mm, &ov[0].trochanter_z_mm, &ov[0].thigh_z_mm})
      if (rng() % 3 == 0) *f = height(rng);
    ov[1] = ov[0];
    check_heights(ov);
  }
  EXPECT_GT(rejected, 0);
  RecordProperty("accepted", accepted);
  RecordProperty("rejected", rejected);
}

}  // namespace
}  // namespace contour
