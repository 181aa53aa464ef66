/** The example as a module: it requires convkit's core; the vector kernels come by service binding. */
module org.convkit.examples.consumer {
    requires org.convkit.core;
}
