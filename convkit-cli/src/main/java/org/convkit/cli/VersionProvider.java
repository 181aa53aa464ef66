package org.convkit.cli;

import org.convkit.Convkit;

import picocli.CommandLine.IVersionProvider;

/** {@code convkit --version}: the library's {@link Convkit#status()}, version, Java and vector kernels. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return Convkit.status().toString().split("\n");
    }

    static String version() {
        return Convkit.version();
    }
}
