package io.numbat.processor;

import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryUnavailableException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A registry whose schema look-ups by id time out, as the REST client reports a stopped registry,
 * for the first {@code timeouts} calls (forever if negative), then answer; everything else passes.
 */
final class TimingOutSchemaRegistry implements SchemaRegistryClient {
    private final SchemaRegistryClient delegate;
    private final AtomicInteger timeoutsLeft;
    private final AtomicInteger getByIdCalls = new AtomicInteger();

    TimingOutSchemaRegistry(SchemaRegistryClient delegate, int timeouts) {
        this.delegate = delegate;
        this.timeoutsLeft = new AtomicInteger(timeouts);
    }

    int getByIdCalls() {
        return getByIdCalls.get();
    }

    @Override
    public Schema getById(int id) {
        getByIdCalls.incrementAndGet();
        if (timeoutsLeft.getAndDecrement() != 0) {
            throw new SchemaRegistryUnavailableException(url(), new HttpTimeoutException("request timed out"));
        }
        return delegate.getById(id);
    }

    @Override
    public int register(String subject, Schema schema) {
        return delegate.register(subject, schema);
    }

    @Override
    public OptionalInt lookup(String subject, Schema schema) {
        return delegate.lookup(subject, schema);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        return delegate.isCompatible(subject, schema);
    }

    @Override
    public void setCompatibility(String subject, String level) {
        delegate.setCompatibility(subject, level);
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public String url() {
        return delegate.url();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
