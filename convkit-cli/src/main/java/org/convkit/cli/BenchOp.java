package org.convkit.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operations a benchmark suite can time, named as in suite.json, with the keys each one takes.
 * The keys are those torch_peer.py reads: a key the peer would ignore is rejected, so that a case
 * can never mean one thing to convkit and another to the peer.
 */
enum BenchOp {
    CONV(Set.of("input", "weight", "stride", "padding", "dilation", "groups"), Set.of("weight_kind")),
    CONV_TRANSPOSE(Set.of("input", "weight", "stride", "padding", "dilation", "groups"),
            Set.of("weight_kind", "output_padding")),
    MAX_POOL(Set.of("input", "kernel", "stride", "padding"), Set.of()),
    AVG_POOL(Set.of("input", "kernel", "stride", "padding"), Set.of()),
    /** Forward, input gradient and weight gradient: one step of training, as autograd's backward does it. */
    CONV_TRAIN_STEP(Set.of("input", "weight", "stride", "padding", "dilation", "groups"), Set.of("weight_kind"));

    private final Set<String> required;
    private final Set<String> optional;

    BenchOp(Set<String> required, Set<String> optional) {
        this.required = required;
        this.optional = optional;
    }

    /** The name suite.json uses. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    Set<String> required() {
        return required;
    }

    /** Whether a case of this op may hold {@code key} (besides "name" and "op"). */
    boolean accepts(String key) {
        return required.contains(key) || optional.contains(key);
    }

    boolean isPool() {
        return this == MAX_POOL || this == AVG_POOL;
    }

    static BenchOp parse(String s) {
        for (BenchOp op : values()) {
            if (op.key().equals(s)) {
                return op;
            }
        }
        throw new IllegalArgumentException("op '" + s + "' is not one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(BenchOp::key).collect(Collectors.joining(", "));
    }

    /** The keys in a stable order, for messages. */
    static String sorted(Set<String> keys) {
        List<String> l = keys.stream().sorted().toList();
        return String.join(", ", l);
    }
}
