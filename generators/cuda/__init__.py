"""CUDA backend: kernels for the outermost parallel loops, device buffers placed by a data-flow walk."""

from .generate import CudaGenerator, GeneratedProgram, KernelLoop, generate_cuda, host_emulation_header

__all__ = ["CudaGenerator", "GeneratedProgram", "KernelLoop", "generate_cuda", "host_emulation_header"]
