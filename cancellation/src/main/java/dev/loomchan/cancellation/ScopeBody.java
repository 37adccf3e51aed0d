package dev.loomchan.cancellation;

/**
 * The body of a {@link Scope}: runs on the thread that called {@link Scope#run} and may fork into the scope.
 *
 * @param <T> the body's result
 */
@FunctionalInterface
public interface ScopeBody<T> {
    /** Runs the body; any exception fails the scope. */
    T run(Scope scope) throws Exception;
}
