package io.numbat.schemas.registry;

/**
 * The registry refused a schema because it breaks the subject's compatibility rule (HTTP 409).
 * The message names the subject and carries the registry's own explanation.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {
    private final String subject;

    public IncompatibleSchemaException(String subject, String detail) {
        super("schema for subject " + subject + " is incompatible with the registered versions of the subject: "
                + detail);
        this.subject = subject;
    }

    /** The subject that refused the schema. */
    public String subject() {
        return subject;
    }
}
