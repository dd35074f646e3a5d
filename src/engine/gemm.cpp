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
}  // namespace

void gemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float* A, int lda,
          const float* B, int ldb, float beta, float* C, int ldc) {
    pin_blas_threads();
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
