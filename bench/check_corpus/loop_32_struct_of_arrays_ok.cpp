// seq2par-corpus: race-free
// category: loop
// race: none
struct Particles { double *x, *v; int n; };

void push(Particles &p, double dt)
{
#pragma omp parallel for
    for (int i = 0; i < p.n; ++i)
        p.x[i] += dt * p.v[i];
}
