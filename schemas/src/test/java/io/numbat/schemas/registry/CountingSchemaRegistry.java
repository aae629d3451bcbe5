package io.numbat.schemas.registry;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Wraps a registry and counts the calls that reach it, to prove callers cache. */
public final class CountingSchemaRegistry implements SchemaRegistryClient {
    private final SchemaRegistryClient delegate;
    private final AtomicInteger registers = new AtomicInteger();
    private final AtomicInteger getByIds = new AtomicInteger();

    public CountingSchemaRegistry(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    public int registerCalls() {
        return registers.get();
    }

    public int getByIdCalls() {
        return getByIds.get();
    }

    @Override
    public int register(String subject, Schema schema) {
        registers.incrementAndGet();
        return delegate.register(subject, schema);
    }

    @Override
    public Schema getById(int id) {
        getByIds.incrementAndGet();
        return delegate.getById(id);
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
