/**
 * Dense float32 tensors in row-major (C) order, laid out as PyTorch lays them out:
 * {@code (N, C, spatial...)} for batches and {@code (C, spatial...)} for single samples.
 */
package org.convkit.tensor;
