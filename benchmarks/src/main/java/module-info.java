/**
 * loomchan's benchmark suite (not published): JMH benchmarks of every channel shape, run over loomchan and its peers
 * (Kotlin's channels, jox, java.util.concurrent, JCTools, Agrona) in the same run, and the runner that writes
 * docs/benchmarks.md. The benchmarks run from the class path (JMH forks its JVMs that way); this descriptor is
 * checked at compile time, so that the module's dependencies stay visible and explicit. It exports nothing: it is an
 * application, not a library.
 */
module dev.loomchan.benchmarks {
    requires dev.loomchan.core;
    requires dev.loomchan.select;
    requires dev.loomchan.zerocopy;
    requires dev.loomchan.rendezvous;
    requires jmh.core;
    requires kotlin.stdlib;
    requires kotlinx.coroutines.core;
    requires com.softwaremill.jox;
    requires org.jctools.core;
    requires org.agrona;
}
