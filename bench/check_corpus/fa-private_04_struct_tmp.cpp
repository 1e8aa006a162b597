// seq2par-corpus: race-free
// category: fa-private
// race: none
struct Vec { double x, y, z; };

void cross_all(const Vec *a, const Vec *b, Vec *out, int n)
{
    Vec t;
    #pragma omp parallel for private(t)
    for (int i = 0; i < n; i++) {
        t.x = a[i].y * b[i].z - a[i].z * b[i].y;
        t.y = a[i].z * b[i].x - a[i].x * b[i].z;
        t.z = a[i].x * b[i].y - a[i].y * b[i].x;
        out[i] = t;
    }
    out[0] = t;
}
