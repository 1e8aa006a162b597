// seq2par-corpus: racy
// category: sections
// race: line 15 write g_log.lines / line 19 write g_log.lines
#include <cstdio>

struct Log { int lines; char buf[256]; };
Log g_log;

void two_jobs()
{
#pragma omp parallel sections
    {
#pragma omp section
        {
            g_log.lines++;
        }
#pragma omp section
        {
            g_log.lines += 2;
        }
    }
    std::printf("%d\n", g_log.lines);
}
