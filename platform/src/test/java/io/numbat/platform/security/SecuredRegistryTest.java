package io.numbat.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.numbat.platform.logging.SecretScan;
import io.numbat.schemas.registry.RegistryAccess;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryException;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry client over HTTPS with basic auth, against a JDK HTTPS server with a certificate of our CA. */
class SecuredRegistryTest {
    @TempDir
    Path dir;

    private HttpsServer server;
    private String url;
    private SecretScan logs;

    @BeforeEach
    void start() throws Exception {
        logs = SecretScan.start();
        CertificateAuthority ca = CertificateAuthority.create("registry-test-ca", Duration.ofDays(1));
        ca.writeTrustStore(dir.resolve("trust.p12"), "secret".toCharArray());
        ca.issue("registry", Duration.ofDays(1)).writeKeyStore(dir.resolve("registry.p12"), "secret".toCharArray());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in =
                new FileInputStream(dir.resolve("registry.p12").toFile())) {
            ks.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "secret".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        String expected =
                "Basic " + Base64.getEncoder().encodeToString("numbat:s3cret".getBytes(StandardCharsets.UTF_8));
        server.createContext("/apis/ccompat/v7/subjects", exchange -> {
            boolean ok = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (ok ? "[\"numbat.metrics-value\"]" : "{\"error_code\":401,\"message\":\"Unauthorized\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "https://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
    }

    /** Whatever the client logged, the password (plain or as the basic auth header) was not in it. */
    @AfterEach
    void stop() {
        server.stop(0);
        logs.close();
        logs.assertNoSecret(Map.of(
                "the registry password",
                "s3cret",
                "the basic auth header",
                Base64.getEncoder().encodeToString("numbat:s3cret".getBytes(StandardCharsets.UTF_8))));
    }

    private Map<String, String> trust() {
        return Map.of(
                RegistryAccess.TRUSTSTORE,
                dir.resolve("trust.p12").toString(),
                RegistryAccess.TRUSTSTORE_PASSWORD,
                "secret");
    }

    @Test
    void readsSubjectsOverHttpsWithBasicAuth() {
        Map<String, String> settings = new HashMap<>(trust());
        settings.put(RegistryAccess.USER_INFO, "numbat:s3cret");
        RestSchemaRegistryClient client =
                new RestSchemaRegistryClient(url, Duration.ofSeconds(5), RegistryAccess.fromClientSettings(settings));
        assertThat(client.subjects()).containsExactly("numbat.metrics-value");
    }

    @Test
    void withoutCredentialsTheRegistrySays401() {
        RestSchemaRegistryClient client =
                new RestSchemaRegistryClient(url, Duration.ofSeconds(5), RegistryAccess.fromClientSettings(trust()));
        assertThatThrownBy(client::subjects)
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("401");
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                url,
                Duration.ofSeconds(5),
                RegistryAccess.fromClientSettings(Map.of(RegistryAccess.USER_INFO, "numbat:s3cret")));
        assertThatThrownBy(client::subjects).hasStackTraceContaining("PKIX");
    }

    @Test
    void badSettingsNameTheirKey() {
        assertThatThrownBy(() -> RegistryAccess.fromClientSettings(Map.of(RegistryAccess.USER_INFO, "no-colon")))
                .hasMessageContaining(RegistryAccess.USER_INFO);
        assertThatThrownBy(() -> RegistryAccess.fromClientSettings(Map.of(RegistryAccess.TRUSTSTORE, "/nope.p12")))
                .hasMessageContaining(RegistryAccess.TRUSTSTORE);
        assertThatThrownBy(() -> RegistryAccess.fromClientSettings(Map.of(RegistryAccess.CREDENTIALS_SOURCE, "URL")))
                .hasMessageContaining(RegistryAccess.CREDENTIALS_SOURCE);
    }
}
