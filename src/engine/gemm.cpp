#include "engine/gemm.hpp"

#include <cblas.h>

#include <mutex>

namespace ps::engine {

namespace {
std::once_flag g_blas_threads_once;
void pin_blas_threads() {
    std::call_once(g_blas_threads_once, [] { openblas_set_num_threads(1); });
}
CBLAS_TRANSPOSE op(bool t) { return t ? CblasTrans : CblasNoTrans; }

// OpenBLAS 0.3.21 runs products up to about 1e6 multiply-adds through its unpacked "small
// matrix" kernels and larger ones through pack + kernel; for the engine's shapes (M, K <= 80,
// N = H*W = 784) the small kernels are faster, so a product above this size is split into two
// halves of N (measured on the canonical PixelCNN: +16% train images/s).
constexpr long k_split_above = 600000;

}  // namespace

void gemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float* A, int lda,
          const float* B, int ldb, float beta, float* C, int ldc) {
    pin_blas_threads();
    if (long(M) * N * K > k_split_above && N >= 64) {
        const int half = (N / 2 + 15) / 16 * 16;  // a multiple of 16 columns
        gemm(trans_a, trans_b, M, half, K, alpha, A, lda, B, ldb, beta, C, ldc);
        gemm(trans_a, trans_b, M, N - half, K, alpha, A, lda,
             trans_b ? B + std::size_t(half) * std::size_t(ldb) : B + half, ldb, beta, C + half,
             ldc);
        return;
    }
    cblas_sgemm(CblasRowMajor, op(trans_a), op(trans_b), M, N, K, alpha, A, lda, B, ldb, beta, C,
                ldc);
}

void gemm(bool trans_a, bool trans_b, int M, int N, int K, double alpha, const double* A, int lda,
          const double* B, int ldb, double beta, double* C, int ldc) {
    pin_blas_threads();
    cblas_dgemm(CblasRowMajor, op(trans_a), op(trans_b), M, N, K, alpha, A, lda, B, ldb, beta, C,
                ldc);
}

}  // namespace ps::engine
