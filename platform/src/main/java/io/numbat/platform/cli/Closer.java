package io.numbat.platform.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what was started, newest first, one at a time, logging (not throwing) failures so the rest
 * still close. Commands start the platform (broker, registry) before what uses it, so the producers
 * and consumers stop first and the registry and the brokers last. Once closing has begun nothing new
 * is taken on: a resource added then is closed at once and the start fails.
 */
final class Closer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);
    private final Deque<AutoCloseable> stack = new ArrayDeque<>();
    private boolean closing;

    /**
     * Registers {@code resource} to be closed before everything registered earlier.
     *
     * @throws IllegalStateException when closing has begun (the resource has been closed)
     */
    synchronized <T extends AutoCloseable> T add(T resource) {
        if (closing) {
            closeQuietly(resource);
            throw new IllegalStateException("stopping: " + resource.getClass().getSimpleName() + " was not kept");
        }
        stack.push(resource);
        return resource;
    }

    /** Whether {@link #close()} has begun. */
    synchronized boolean closing() {
        return closing;
    }

    @Override
    public synchronized void close() {
        closing = true;
        while (!stack.isEmpty()) {
            closeQuietly(stack.pop());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
