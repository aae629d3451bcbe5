package io.numbat.schemas.registry;

import java.util.List;
import java.util.OptionalInt;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API that Numbat needs: register, fetch and check Avro schemas.
 * Implemented over HTTP by {@link RestSchemaRegistryClient} and in memory, for tests, by {@link InMemorySchemaRegistry}.
 *
 * <p>Every method throws the unchecked {@link SchemaRegistryException} (or one of its subclasses) on failure.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}) and returns its
     * global id; registering an already registered schema returns the existing id.
     *
     * @throws IncompatibleSchemaException if the subject's compatibility rule refuses the schema
     */
    int register(String subject, Schema schema);

    /**
     * The schema with the global id {@code id} ({@code GET /schemas/ids/{id}}).
     *
     * @throws SchemaNotFoundException if no schema has that id
     */
    Schema getById(int id);

    /** The id of {@code schema} if it is registered under {@code subject} ({@code POST /subjects/{subject}}). */
    OptionalInt lookup(String subject, Schema schema);

    /**
     * Whether {@code schema} could be registered under {@code subject} without breaking its compatibility rule
     * ({@code POST /compatibility/subjects/{subject}/versions/latest}); true if the subject does not exist yet.
     */
    boolean isCompatible(String subject, Schema schema);

    /** Sets the compatibility level of {@code subject} ({@code PUT /config/{subject}}), e.g. {@code BACKWARD}. */
    void setCompatibility(String subject, String level);

    /** All subjects ({@code GET /subjects}). */
    List<String> subjects();

    /** The registry's base URL, or {@code "in-memory"}; for log and error messages. */
    String url();

    @Override
    void close();
}
