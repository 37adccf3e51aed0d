/**
 * Structured concurrency for loomchan on virtual threads and stable JDK APIs: {@link dev.loomchan.cancellation.Scope}
 * (forks, failure that cancels, supervision, cancellation hooks, {@code produce} and {@code actor}) and
 * {@link dev.loomchan.cancellation.Timeouts} ({@code withTimeout}, {@code withTimeoutOrNull}). Interruption is the
 * cancellation signal.
 */
module dev.loomchan.cancellation {
    requires transitive dev.loomchan.core;
    exports dev.loomchan.cancellation;
}
