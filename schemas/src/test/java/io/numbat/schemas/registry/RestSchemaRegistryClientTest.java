package io.numbat.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.schemas.MetricBatch;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a fake registry answering what Apicurio 3.0.9's ccompat API answers. */
class RestSchemaRegistryClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Schema SCHEMA = MetricBatch.getClassSchema();

    private FakeSchemaRegistryServer server;
    private RestSchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        server = new FakeSchemaRegistryServer();
        client = new RestSchemaRegistryClient(server.url(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void registersSchemaAndReturnsItsId() throws IOException {
        server.respond("POST", "/subjects/t-value/versions", 200, "{\"id\":1}");

        assertThat(client.register("t-value", SCHEMA)).isEqualTo(1);

        FakeSchemaRegistryServer.Request request = server.requests().get(0);
        assertThat(request.contentType()).isEqualTo(CONTENT_TYPE);
        assertThat(new Schema.Parser()
                        .parse(JSON.readTree(request.body()).get("schema").asText()))
                .isEqualTo(SCHEMA);
    }

    @Test
    void refusesSchemaThatBreaksCompatibilityWithTheRegistrysMessage() {
        server.respond(
                "POST",
                "/subjects/t-value/versions",
                409,
                "{\"message\":\"io.apicurio.registry.rules.RuleViolationException: Incompatible artifact: "
                        + "t-value [AVRO], num of incompatible diffs: {1}\",\"error_code\":409}");

        assertThatThrownBy(() -> client.register("t-value", SCHEMA))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("subject t-value")
                .hasMessageContaining("incompatible with the registered versions")
                .hasMessageContaining("RuleViolationException: Incompatible artifact");
    }

    @Test
    void looksUpTheIdOfARegisteredSchema() {
        server.respond(
                "POST",
                "/subjects/t-value",
                200,
                json(Map.of(
                        "subject",
                        "t-value",
                        "version",
                        1,
                        "id",
                        7,
                        "schema",
                        SCHEMA.toString(),
                        "references",
                        List.of())));

        assertThat(client.lookup("t-value", SCHEMA)).hasValue(7);
    }

    @Test
    void lookupOfAnUnknownSubjectIsEmpty() {
        server.respond(
                "POST",
                "/subjects/nope-value",
                404,
                "{\"message\":\"No artifact with ID 'nope-value' in group 'null' was found.\",\"error_code\":40401}");

        assertThat(client.lookup("nope-value", SCHEMA)).isEmpty();
    }

    @Test
    void fetchesSchemaById() {
        server.respond(
                "GET",
                "/schemas/ids/1",
                200,
                json(Map.of("schema", SCHEMA.toString(), "schemaType", "AVRO", "references", List.of())));

        assertThat(client.getById(1)).isEqualTo(SCHEMA);
    }

    @Test
    void unknownIdIsSchemaNotFound() {
        server.respond(
                "GET",
                "/schemas/ids/99",
                404,
                "{\"message\":\"No content with id/hash 'contentId-99' was found.\",\"error_code\":40403}");

        assertThatThrownBy(() -> client.getById(99))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("404")
                .hasMessageContaining("/schemas/ids/99")
                .hasMessageContaining("No content with id/hash 'contentId-99' was found.")
                .hasMessageContaining("40403");
    }

    @Test
    void refusesSchemasThatAreNotAvro() {
        server.respond("GET", "/schemas/ids/2", 200, "{\"schema\":\"message M {}\",\"schemaType\":\"PROTOBUF\"}");

        assertThatThrownBy(() -> client.getById(2))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("PROTOBUF, not AVRO");
    }

    @Test
    void reportsIncompatibilityWithoutRegistering() {
        server.respond("POST", "/compatibility/subjects/t-value/versions/latest", 200, "{\"is_compatible\":false}");
        server.respond("POST", "/compatibility/subjects/u-value/versions/latest", 200, "{\"is_compatible\":true}");

        assertThat(client.isCompatible("t-value", SCHEMA)).isFalse();
        assertThat(client.isCompatible("u-value", SCHEMA)).isTrue();
    }

    @Test
    void anySchemaIsCompatibleWithASubjectThatDoesNotExistYet() {
        server.respond(
                "POST",
                "/compatibility/subjects/new-value/versions/latest",
                404,
                "{\"message\":\"No artifact with ID 'new-value' was found.\",\"error_code\":40401}");

        assertThat(client.isCompatible("new-value", SCHEMA)).isTrue();
    }

    @Test
    void setsTheCompatibilityLevelOfASubject() throws IOException {
        server.respond("PUT", "/config/t-value", 200, "{\"compatibilityLevel\":\"BACKWARD\"}");

        client.setCompatibility("t-value", "BACKWARD");

        FakeSchemaRegistryServer.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(JSON.readTree(request.body()).get("compatibility").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void listsSubjects() {
        server.respond("GET", "/subjects", 200, "[\"a-value\",\"b-value\"]");

        assertThat(client.subjects()).containsExactly("a-value", "b-value");
    }

    @Test
    void encodesSubjectNamesInThePath() {
        server.respond("POST", "/subjects/odd%20topic%2Fx-value/versions", 200, "{\"id\":3}");

        assertThat(client.register("odd topic/x-value", SCHEMA)).isEqualTo(3);
    }

    @Test
    void otherErrorsCarryStatusAndRegistryMessage() {
        server.respond(
                "POST", "/subjects/t-value/versions", 422, "{\"message\":\"Invalid schema\",\"error_code\":42201}");
        server.respond("GET", "/subjects", 500, "<html>proxy error</html>");

        assertThatThrownBy(() -> client.register("t-value", SCHEMA))
                .isExactlyInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("422")
                .hasMessageContaining("Invalid schema")
                .hasMessageContaining("42201");
        assertThatThrownBy(() -> client.subjects())
                .isExactlyInstanceOf(RetriableSchemaRegistryException.class)
                .hasMessageContaining("500")
                .hasMessageContaining("proxy error");
    }

    @Test
    void serverErrorsAndTimeoutsAreRetriableButAnUnknownIdIsNot() {
        server.respond("GET", "/schemas/ids/7", 503, "{\"message\":\"starting\",\"error_code\":50301}");
        server.respond("GET", "/schemas/ids/8", 429, "slow down");
        server.respond("GET", "/schemas/ids/9", 200, "{}", Duration.ofSeconds(3));
        server.respond("GET", "/schemas/ids/10", 422, "{\"message\":\"bad\"}");
        try (RestSchemaRegistryClient impatient = new RestSchemaRegistryClient(server.url(), Duration.ofMillis(300))) {
            assertThatThrownBy(() -> impatient.getById(7))
                    .isInstanceOf(RetriableSchemaRegistryException.class)
                    .hasMessageContaining("503");
            assertThatThrownBy(() -> impatient.getById(8)).isInstanceOf(RetriableSchemaRegistryException.class);
            assertThatThrownBy(() -> impatient.getById(9))
                    .isInstanceOf(RetriableSchemaRegistryException.class)
                    .hasMessageContaining("timed out");
            assertThatThrownBy(() -> impatient.getById(10)).isExactlyInstanceOf(SchemaRegistryException.class);
            assertThatThrownBy(() -> impatient.getById(11))
                    .isInstanceOf(SchemaNotFoundException.class)
                    .isNotInstanceOf(RetriableSchemaRegistryException.class);
        }
    }

    @Test
    void toleratesTrailingSlashInTheBaseUrl() {
        assertThat(client.url()).endsWith("/apis/ccompat/v7").doesNotEndWith("/");
    }

    @Test
    void unreachableRegistryIsReportedWithItsUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/apis/ccompat/v7";
        try (RestSchemaRegistryClient unreachable = new RestSchemaRegistryClient(url, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> unreachable.register("t-value", SCHEMA))
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageStartingWith("schema registry at " + url + " is unreachable: ");
        }
    }

    @Test
    void slowRegistryTimesOutAsUnreachable() {
        server.respond("GET", "/subjects", 200, "[]", Duration.ofSeconds(3));
        try (RestSchemaRegistryClient impatient = new RestSchemaRegistryClient(server.url(), Duration.ofMillis(200))) {
            assertThatThrownBy(impatient::subjects)
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("is unreachable")
                    .hasMessageContaining("timed out");
        }
    }

    @Test
    void rejectsNonHttpUrls() {
        assertThatThrownBy(() -> new RestSchemaRegistryClient("ftp://example.org/registry"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://example.org/registry");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
