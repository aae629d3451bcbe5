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
    private final Deque<Part> stack = new ArrayDeque<>();
    private boolean closing;

    private record Part(String name, AutoCloseable resource) {}

    /**
     * Registers {@code resource} to be closed before everything registered earlier.
     *
     * @throws IllegalStateException when closing has begun (the resource has been closed)
     */
    synchronized <T extends AutoCloseable> T add(T resource) {
        add(resource.getClass().getSimpleName(), resource);
        return resource;
    }

    /** As {@link #add(AutoCloseable)}, with the name its stop is logged under. */
    synchronized void add(String name, AutoCloseable resource) {
        if (closing) {
            closeQuietly(new Part(name, resource));
            throw new IllegalStateException("stopping: " + name + " was not kept");
        }
        stack.push(new Part(name, resource));
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

    private static void closeQuietly(Part part) {
        long start = System.nanoTime();
        try {
            part.resource().close();
            LOG.info("stopped {} in {} ms", part.name(), (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            LOG.warn("error while stopping {}: {}", part.name(), e.toString());
        }
    }
}
