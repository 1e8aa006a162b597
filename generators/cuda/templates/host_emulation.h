/* seq2par host emulation of the CUDA subset that generated programs use.
 *
 * Compiled with a host C++ compiler (-DS2P_EMULATE comes first), the generated .cu runs its kernels
 * thread by thread on the CPU: S2P_LAUNCH loops over every block and thread index and calls the
 * kernel function itself, so the emulated run executes the same kernel bodies as the GPU build.
 * Device memory is host memory; atomics are plain read-modify-writes (one thread runs at a time).
 */
#ifndef S2P_HOST_EMULATION_H
#define S2P_HOST_EMULATION_H

#include <cstdio>
#include <cstdlib>
#include <cstring>

#define __global__
#define __device__
#define __host__
#define __shared__ static
#define __forceinline__ inline

struct dim3 {
    unsigned x, y, z;
    dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};
static thread_local dim3 blockIdx, threadIdx, blockDim, gridDim;

typedef int cudaError_t;
enum { cudaSuccess = 0, cudaErrorMemoryAllocation = 2 };
enum cudaMemcpyKind { cudaMemcpyHostToDevice = 1, cudaMemcpyDeviceToHost = 2, cudaMemcpyDeviceToDevice = 3 };

static inline const char *cudaGetErrorString(cudaError_t error)
{
    return error == cudaSuccess ? "no error" : "out of memory (emulated device)";
}
static inline cudaError_t cudaMalloc(void **pointer, size_t bytes)
{
    *pointer = std::malloc(bytes ? bytes : 1);
    return *pointer ? cudaSuccess : cudaErrorMemoryAllocation;
}
static inline cudaError_t cudaFree(void *pointer) { std::free(pointer); return cudaSuccess; }
static inline cudaError_t cudaMemcpy(void *dst, const void *src, size_t bytes, cudaMemcpyKind)
{
    if (bytes) std::memmove(dst, src, bytes);
    return cudaSuccess;
}
static inline cudaError_t cudaMemset(void *dst, int value, size_t bytes)
{
    std::memset(dst, value, bytes);
    return cudaSuccess;
}
static inline cudaError_t cudaDeviceSynchronize(void) { return cudaSuccess; }
static inline cudaError_t cudaGetLastError(void) { return cudaSuccess; }

static inline void __syncthreads(void)
{
    std::fprintf(stderr, "seq2par: __syncthreads() cannot be emulated thread by thread\n");
    std::abort();
}

template <typename T> static inline T atomicAdd(T *address, T value) { T old = *address; *address = old + value; return old; }
template <typename T> static inline T atomicMin(T *address, T value) { T old = *address; if (value < old) *address = value; return old; }
template <typename T> static inline T atomicMax(T *address, T value) { T old = *address; if (value > old) *address = value; return old; }
template <typename T> static inline T atomicExch(T *address, T value) { T old = *address; *address = value; return old; }
template <typename T> static inline T atomicCAS(T *address, T compare, T value)
{
    T old = *address;
    if (old == compare) *address = value;
    return old;
}

/* One call per (block, thread), blocks and threads in increasing order. */
#define S2P_LAUNCH(kernel, grid, block, ...)                                      \
    do {                                                                          \
        gridDim = dim3(grid);                                                     \
        blockDim = dim3(block);                                                   \
        for (unsigned s2p_b = 0; s2p_b < gridDim.x; ++s2p_b) {                    \
            for (unsigned s2p_t = 0; s2p_t < blockDim.x; ++s2p_t) {               \
                blockIdx = dim3(s2p_b);                                           \
                threadIdx = dim3(s2p_t);                                          \
                kernel(__VA_ARGS__);                                              \
            }                                                                     \
        }                                                                         \
    } while (0)

#endif /* S2P_HOST_EMULATION_H */
