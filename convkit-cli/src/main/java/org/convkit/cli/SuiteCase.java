package org.convkit.cli;

/**
 * One case of a benchmark suite, as written in the file: shapes in PyTorch's layouts, padding as
 * (before, after) per spatial dimension. Checked for form by {@link SuiteReader}; whether the
 * numbers make a valid problem is for the library to say when {@link CaseBuilder} builds it.
 *
 * @param weight        conv ops only, else null
 * @param kernel        pooling only, else null
 * @param dilation      conv ops only, else null
 * @param groups        conv ops only, else 1
 * @param outputPadding conv_transpose only, null when not given (zeros)
 * @param gaussian      weight_kind "gaussian": a normalized outer product, as torch_peer.py builds it
 */
record SuiteCase(String name, BenchOp op, int[] input, int[] weight, int[] kernel, int[] stride, int[] padBefore,
                 int[] padAfter, int[] dilation, int groups, int[] outputPadding, boolean gaussian) {

    int spatialDims() {
        return input.length - 2;
    }
}
