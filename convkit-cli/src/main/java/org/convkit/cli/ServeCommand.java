package org.convkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.convkit.cli.explorer.ExplorerServer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit serve}: the interactive explorer on localhost, until Ctrl-C. */
@Command(name = "serve", sortOptions = false,
        description = {
            "Serve the interactive explorer on 127.0.0.1 and print its address. Change",
            "the input size, channels, filters, kernel, stride, padding, dilation, groups",
            "or output padding, or switch to a transposed or depthwise separable",
            "convolution or a pooling, and the animation, the output shape and the",
            "worked formula follow. The engine computes everything; the page works",
            "offline. Ctrl-C stops it."},
        footer = {"", "Examples:", "  convkit serve", "  convkit serve --port 0      # any free port"})
final class ServeCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 8731;

    @Option(names = "--port", paramLabel = "P", defaultValue = "" + DEFAULT_PORT,
            description = "TCP port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks any free port).")
    int port;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ExplorerServer server;
        try {
            server = ExplorerServer.start(port);
        } catch (BindException e) {
            throw new CliException("port " + port + " on 127.0.0.1 is in use (" + e.getMessage()
                    + "); choose another with --port, or --port 0 for any free port");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C runs the shutdown hooks: close the socket before the JVM goes
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "convkit-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        out.println("convkit explorer: " + server.url() + "  (Ctrl-C stops it)");
        out.flush();
        stopped.await();
        return 0;
    }
}
