// Row-major GEMM on OpenBLAS for both engine scalars: C = alpha * op(A) op(B) + beta * C,
// op(A) (M, K), op(B) (K, N), C (M, N). The engine does its own threading (it splits the batch),
// so OpenBLAS is pinned to one thread the first time this is called.
#pragma once

namespace ps::engine {

void gemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float* A, int lda,
          const float* B, int ldb, float beta, float* C, int ldc);
void gemm(bool trans_a, bool trans_b, int M, int N, int K, double alpha, const double* A, int lda,
          const double* B, int ldb, double beta, double* C, int ldc);

}  // namespace ps::engine
