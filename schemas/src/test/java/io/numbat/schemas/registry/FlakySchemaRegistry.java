package io.numbat.schemas.registry;

import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.Schema;

/** Wraps a registry that can be switched off: while down, every call times out as the REST client reports it. */
public final class FlakySchemaRegistry implements SchemaRegistryClient {
    private final SchemaRegistryClient delegate;
    private final AtomicBoolean down = new AtomicBoolean();

    public FlakySchemaRegistry(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    public FlakySchemaRegistry down(boolean isDown) {
        down.set(isDown);
        return this;
    }

    private void check() {
        if (down.get()) {
            throw new SchemaRegistryUnavailableException(url(), new HttpTimeoutException("request timed out"));
        }
    }

    @Override
    public int register(String subject, Schema schema) {
        check();
        return delegate.register(subject, schema);
    }

    @Override
    public Schema getById(int id) {
        check();
        return delegate.getById(id);
    }

    @Override
    public OptionalInt lookup(String subject, Schema schema) {
        check();
        return delegate.lookup(subject, schema);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        check();
        return delegate.isCompatible(subject, schema);
    }

    @Override
    public void setCompatibility(String subject, String level) {
        check();
        delegate.setCompatibility(subject, level);
    }

    @Override
    public List<String> subjects() {
        check();
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
