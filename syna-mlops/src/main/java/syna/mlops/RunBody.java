package syna.mlops;

/**
 * The body of {@link Experiment#run(String, java.util.Map, RunBody)}. Thread-safety is that of the implementation; the run it gets is thread-safe.
 *
 * @param <E> what the body may throw
 */
@FunctionalInterface
public interface RunBody<E extends Exception> {
    /** Runs with {@code run} open; throwing marks the run Failed. */
    void accept(Run run) throws E;
}
