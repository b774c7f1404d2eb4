"""The one numba configuration of regkit's compiled kernels.

Importing this module imports numba (about 0.5 s), so only the kernel modules import it,
and they are imported at a solver's first call, never by ``import regkit``.
"""

from numba import njit

# Reassociation lets LLVM vectorize the dot-product reductions (4x fewer dependent adds);
# no "nnan"/"ninf": an infinite threshold (weight inf) must keep its IEEE meaning.
# cache=True: compiled code is kept on disk, so the compile cost is paid once per machine.
jit = njit(cache=True, nogil=True, fastmath={"reassoc", "contract"})

# for small helpers called inside a kernel's inner loop: inlined into the caller at numba's
# IR level, so factoring a step out costs nothing (a plain call halves a CD sweep's speed)
jit_inline = njit(inline="always", cache=True, nogil=True, fastmath={"reassoc", "contract"})
