package io.numbat.schemas.registry;

/** The registry does not know the requested schema id, subject or version (HTTP 404). */
public class SchemaNotFoundException extends SchemaRegistryException {

    public SchemaNotFoundException(String message) {
        super(message);
    }
}
