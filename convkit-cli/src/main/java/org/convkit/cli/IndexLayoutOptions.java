package org.convkit.cli;

import org.convkit.spec.IndexLayout;
import picocli.CommandLine.Option;

/** How max-pooling indices count, for {@code pool --indices} and {@code unpool}: one pair of options. */
final class IndexLayoutOptions {
    @Option(names = "--index-scope", paramLabel = "SCOPE",
            description = "How indices count: within each (n, c) map (map, PyTorch's; the default) or across "
                    + "the whole tensor (tensor, ONNX's MaxPool).")
    String scope;

    @Option(names = "--index-order", paramLabel = "ORDER",
            description = "A map's cells in row-major order (row, the default) or column-major (column: "
                    + "ONNX's storage_order=1).")
    String order;

    /** Whether either option was given. */
    boolean given() {
        return scope != null || order != null;
    }

    /** The first option given, for a message. */
    String firstGiven() {
        return scope != null ? "--index-scope" : "--index-order";
    }

    /** The layout the options name (PyTorch's where they are absent). */
    IndexLayout layout() {
        return new IndexLayout(scope == null ? IndexLayout.Scope.MAP : IndexLayout.Scope.parse(scope),
                order == null ? IndexLayout.Order.ROW_MAJOR : IndexLayout.Order.parse(order));
    }
}
