package io.numbat.platform.cli;

/**
 * A sub-command contributed by a module that depends on the platform (the benchmarks), found with
 * {@link java.util.ServiceLoader} so that the platform need not depend on it.
 */
public interface CommandPlugin {
    /** A picocli command object (annotated with {@code @Command}) whose name becomes the sub-command. */
    Object command();
}
