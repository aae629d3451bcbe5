package io.numbat.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API (Confluent itself, or Apicurio's
 * {@code /apis/ccompat/v7}), using only the JDK's HTTP client and Jackson. It does not cache: callers such as
 * the Avro serde cache what they need.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    /** How long to wait for a connection and for each response unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;
    private final Optional<String> authorization;

    /** A client for {@code baseUrl}, e.g. {@code http://127.0.0.1:8080/apis/ccompat/v7}, with 10 s timeouts. */
    public RestSchemaRegistryClient(String baseUrl) {
        this(baseUrl, DEFAULT_TIMEOUT);
    }

    /** A client for {@code baseUrl} using {@code timeout} both to connect and to wait for each response. */
    public RestSchemaRegistryClient(String baseUrl, Duration timeout) {
        this(baseUrl, timeout, RegistryAccess.none());
    }

    /** A client for a secured registry: basic credentials and an HTTPS trust store from {@code access}. */
    public RestSchemaRegistryClient(String baseUrl, Duration timeout, RegistryAccess access) {
        this.baseUrl = normalize(baseUrl);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        HttpClient.Builder b =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout);
        access.ssl().ifPresent(b::sslContext);
        this.http = b.build();
        this.authorization = access.authorization();
    }

    private static String normalize(String url) {
        Objects.requireNonNull(url, "url");
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri = URI.create(trimmed);
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("schema registry URL must be http(s): " + url);
        }
        return trimmed;
    }

    @Override
    public int register(String subject, Schema schema) {
        return id(call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), subject));
    }

    @Override
    public Schema getById(int id) {
        JsonNode body = call("GET", "/schemas/ids/" + id, null, null);
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException("schema " + id + " at " + baseUrl + " is " + type + ", not AVRO");
        }
        if (!body.path("schema").isTextual()) {
            throw new SchemaRegistryException("schema registry at " + baseUrl + " sent no schema text for id " + id);
        }
        try {
            return new Schema.Parser().parse(body.get("schema").asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    "schema " + id + " at " + baseUrl + " is not valid Avro: " + e.getMessage(), e);
        }
    }

    @Override
    public OptionalInt lookup(String subject, Schema schema) {
        try {
            return OptionalInt.of(id(call("POST", "/subjects/" + encode(subject), schemaBody(schema), subject)));
        } catch (SchemaNotFoundException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            return call(
                            "POST",
                            "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                            schemaBody(schema),
                            subject)
                    .path("is_compatible")
                    .asBoolean(false);
        } catch (SchemaNotFoundException e) {
            return true;
        } catch (IncompatibleSchemaException e) {
            return false;
        }
    }

    @Override
    public void setCompatibility(String subject, String level) {
        call("PUT", "/config/" + encode(subject), json(Map.of("compatibility", level)), subject);
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        call("GET", "/subjects", null, null).forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    @Override
    public String url() {
        return baseUrl;
    }

    /** Nothing to release: the JDK 17 HTTP client has no close and frees its thread when unreachable. */
    @Override
    public void close() {}

    private JsonNode call(String method, String path, String body, String subject) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .header("Content-Type", CONTENT_TYPE)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        authorization.ifPresent(a -> builder.header("Authorization", a));
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryUnavailableException(baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // not the record's fault: retriable, and the caller sees the interrupt flag
            throw new RetriableSchemaRegistryException(
                    "interrupted while calling the schema registry at " + baseUrl, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return parse(response.body(), method, path);
        }
        throw failure(status, response.body(), method, path, subject);
    }

    private SchemaRegistryException failure(int status, String body, String method, String path, String subject) {
        String message = body == null ? "" : body.strip();
        String code = "";
        try {
            JsonNode error = JSON.readTree(message);
            if (error != null && error.hasNonNull("message")) {
                message = error.get("message").asText();
                code = error.hasNonNull("error_code")
                        ? " (error code " + error.get("error_code").asText() + ")"
                        : "";
            }
        } catch (JsonProcessingException e) {
            // not JSON: keep the raw body
        }
        if (status == 409 && subject != null) {
            return new IncompatibleSchemaException(subject, message);
        }
        String text = "schema registry at " + baseUrl + " answered HTTP " + status + " to " + method + " " + path + ": "
                + message + code;
        if (status == 404) {
            return new SchemaNotFoundException(text);
        }
        return transientStatus(status) ? new RetriableSchemaRegistryException(text) : new SchemaRegistryException(text);
    }

    /** A status that says "not now" rather than "never": a server error, a request timeout, too many requests. */
    static boolean transientStatus(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    private JsonNode parse(String body, String method, String path) {
        try {
            JsonNode node = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(
                    "schema registry at " + baseUrl + " answered " + method + " " + path
                            + " with something that is not JSON: " + body.substring(0, Math.min(200, body.length())),
                    e);
        }
    }

    private int id(JsonNode body) {
        if (!body.path("id").isInt()) {
            throw new SchemaRegistryException(
                    "schema registry at " + baseUrl + " answered without a schema id: " + body);
        }
        return body.get("id").asInt();
    }

    private static String schemaBody(Schema schema) {
        return json(Map.of("schema", schema.toString()));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Percent-encodes a subject for use as one path segment (no '+' for spaces, no raw '/'). */
    static String encode(String subject) {
        return URLEncoder.encode(Objects.requireNonNull(subject, "subject"), StandardCharsets.UTF_8)
                .replace("+", "%20");
    }
}
