// Reads one PLY file with VTK's vtkPLYReader and exits: the baseline for timing a whole
// `contour plan` process against VTK alone reading the same file, each in a fresh process
// (page faults and library loading included on both sides):
//   /usr/bin/time -f '%e s %M KB' build/bench/vtk_read_once FILE.ply
//   /usr/bin/time -f '%e s %M KB' build/apps/contour plan FILE.ply --json /tmp/plan.json
#include <vtkNew.h>
#include <vtkPLYReader.h>
#include <vtkPolyData.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE.ply\n", argv[0]);
    return 2;
  }
  vtkNew<vtkPLYReader> reader;
  reader->SetFileName(argv[1]);
  reader->Update();
  const long long cells = reader->GetOutput()->GetNumberOfCells();
  if (cells == 0) {
    std::fprintf(stderr, "%s: no cells read\n", argv[1]);
    return 1;
  }
  std::printf("%lld cells\n", cells);
  return 0;
}
